import type { V1Deployment, V1Namespace, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { labs } from '../course.js';
import { selectLabs } from '../../src/cli/commands/run.js';
import { toMs } from '../../src/core/duration.js';
import { fillPlaceholders } from '../../src/core/template.js';
import { matchesSelector, rolloutProgress } from '../../src/observe/conditions.js';
import { Timeline } from '../../src/observe/timeline.js';
import { podReplaced, podRemoved, podsReady, podsReadyOn } from '../../src/runner/expect/pods.js';
import { deploymentRolledOut } from '../../src/runner/expect/workloads.js';
import { advanceMilestones, replicaSetInfo } from '../../src/runner/history.js';
import { labNamespace, staleNamespaces } from '../../src/runner/namespaces.js';
import { uniqueLabs } from '../../src/runner/run.js';
import type { LeaseObject } from '../../src/kube/lease.js';

const pod = (name: string, ready: boolean, extra: Partial<V1Pod['metadata']> = {}, node = 'w1'): V1Pod => ({
  metadata: { name, labels: { app: 'demo' }, ...extra },
  spec: { containers: [], nodeName: node },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('durations', () => {
  it('reads ms, s and m', () => {
    expect(toMs('500ms')).toBe(500);
    expect(toMs('1.5s')).toBe(1500);
    expect(toMs('2m')).toBe(120_000);
    expect(toMs(42)).toBe(42);
    expect(() => toMs('soon')).toThrow('"soon" is not a duration');
  });
});

describe('label selectors', () => {
  it('match equality and inequality terms', () => {
    const p = pod('a', true);
    expect(matchesSelector(p, 'app=demo')).toBe(true);
    expect(matchesSelector(p, 'app=demo,tier=web')).toBe(false);
    expect(matchesSelector(p, 'app!=other')).toBe(true);
  });
});

describe('expectations', () => {
  it('count Ready pods and ignore terminating ones', () => {
    const e = podsReady('app=demo', 2);
    expect(e.evaluate([pod('a', true), pod('b', false)])).toEqual({ met: false, why: '1/2 Ready, 1 not ready yet' });
    const verdict = e.evaluate([pod('a', true), pod('b', true), pod('c', true, { deletionTimestamp: new Date() })]);
    expect(verdict.met && verdict.value.map((p) => p.metadata?.name)).toEqual(['a', 'b']);
  });

  it('hand back the very pod that met them (never undefined)', () => {
    const e = podReplaced('app=demo', 'a', ['a', 'b'], 2);
    expect(e.evaluate([pod('a', true), pod('b', true)])).toEqual({ met: false, why: 'a is still Ready' });
    expect(e.evaluate([pod('b', true)])).toEqual({ met: false, why: 'no new pod Ready yet (1 Ready)' });
    const verdict = e.evaluate([pod('b', true), pod('c', true)]);
    expect(verdict.met && verdict.value.metadata?.name).toBe('c');
  });

  it('want every pod on the node asked for', () => {
    const e = podsReadyOn('app=demo', 'w2', 2);
    expect(e.evaluate([pod('a', true, {}, 'w1'), pod('b', true, {}, 'w2')])).toEqual({ met: false, why: '2 Ready, 1 not on w2' });
    expect(e.evaluate([pod('a', true, {}, 'w2'), pod('b', true, {}, 'w2')]).met).toBe(true);
  });

  it('call a pod removed only once it was seen', () => {
    let seen = false;
    const e = podRemoved('stray', () => seen);
    expect(e.evaluate([])).toEqual({ met: false, why: 'pod stray not seen yet' });
    seen = true;
    expect(e.evaluate([pod('stray', false)]).met).toBe(false);
    expect(e.evaluate([]).met).toBe(true);
  });

  it('do not call a rollout done before the change was seen', () => {
    const d = { metadata: { name: 'demo', generation: 1 }, spec: { replicas: 1 }, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 } } as V1Deployment;
    expect(deploymentRolledOut('demo').evaluate([d]).met).toBe(true);
    expect(deploymentRolledOut('demo', 2).evaluate([d])).toEqual({ met: false, why: 'the change (generation 2) has not been seen yet' });
    expect(deploymentRolledOut('demo').evaluate([])).toEqual({ met: false, why: 'deployment not found' });
    expect(rolloutProgress({ ...d, status: { ...d.status, replicas: 2 } })).toBe('1 old replicas still running');
  });

  it('keep the first time each pod milestone was seen', () => {
    const pending: V1Pod = { metadata: { name: 'p' }, spec: { containers: [] }, status: { phase: 'Pending' } };
    let m = advanceMilestones({}, pending, 10);
    m = advanceMilestones(m, { ...pending, spec: { containers: [], nodeName: 'w' } }, 20);
    m = advanceMilestones(m, { ...pod('p', true), status: { ...pod('p', true).status, containerStatuses: [{ name: 'c', image: '', imageID: '', ready: true, restartCount: 0, state: { running: {} } }] } }, 35);
    m = advanceMilestones(m, pod('p', true), 50);
    expect(m).toEqual({ created: 10, scheduled: 20, running: 35, ready: 35 });
  });
});

describe('ReplicaSets as labs read them', () => {
  it('select their pods by the real pod-template-hash label, not by guessing from the name', () => {
    const rs: V1ReplicaSet = {
      metadata: { name: 'demo-7d4b9c8f5', labels: { app: 'demo', 'pod-template-hash': '6c9f8d7b4' }, annotations: { 'deployment.kubernetes.io/revision': '2' } },
      spec: { replicas: 3, selector: { matchLabels: { app: 'demo', 'pod-template-hash': '6c9f8d7b4' } }, template: { spec: { containers: [{ name: 'demo', image: 'demo:2' }] } } },
    };
    expect(replicaSetInfo(rs)).toEqual({ name: 'demo-7d4b9c8f5', revision: '2', replicas: 3, image: 'demo:2', podSelector: 'app=demo,pod-template-hash=6c9f8d7b4', templateHash: '6c9f8d7b4' });
  });
});

describe('placeholders', () => {
  it('fill known variables and name the file for unknown ones', () => {
    expect(fillPlaceholders('nodePort: ${NODE_PORT}', { NODE_PORT: '30080' }, 'f.yaml')).toBe('nodePort: 30080');
    expect(() => fillPlaceholders('image: ${IMAGE}', { NODE_PORT: '1' }, 'manifests/x/f.yaml')).toThrow('manifests/x/f.yaml: unknown variable ${IMAGE} (known: NODE_PORT)');
    expect(fillPlaceholders('v=@VERSION@', { VERSION: '1.37.2' }, 'node', /@([A-Z][A-Z0-9_]*)@/g)).toBe('v=1.37.2');
  });
});

describe('lab selection', () => {
  it('finds labs by id and explains an unknown one', () => {
    expect(selectLabs(labs, ['self-healing'], false).map((l) => l.id)).toEqual(['self-healing']);
    expect(() => selectLabs(labs, ['self-heal'], false)).toThrow(/unknown lab "self-heal" \(did you mean self-healing\?\)/);
    expect(() => selectLabs(labs, [], false)).toThrow('no lab given');
    expect(selectLabs(labs, [], true)).toHaveLength(labs.length);
  });

  it('runs a lab named twice once, and says so', () => {
    const notes: string[] = [];
    const services = labs.find((l) => l.id === 'services')!;
    const picked = uniqueLabs([services, labs[0]!, services], (t) => notes.push(t));
    expect(picked.map((l) => l.id)).toEqual(['services', labs[0]!.id]);
    expect(notes).toEqual(['services named more than once: each lab runs once']);
  });

  it('every lab names its course section and both titles', () => {
    for (const lab of labs) {
      expect(lab.title.fr.length).toBeGreaterThan(5);
      expect(lab.title.en.length).toBeGreaterThan(5);
      expect(lab.section.length).toBeGreaterThan(3);
    }
  });
});

describe('lab namespaces on a shared cluster', () => {
  const now = Date.parse('2026-11-27T10:00:00Z');
  const ns = (name: string, createdSecondsAgo: number, labels: Record<string, string> = {}): V1Namespace => ({
    metadata: { name, creationTimestamp: new Date(now - createdSecondsAgo * 1000), labels: { 'kindlab.dev/lab': 'x', 'kindlab.dev/run': name.slice(-6), ...labels } },
  });
  const heartbeat = (namespace: string, renewedSecondsAgo: number): LeaseObject => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'kindlab-run', namespace },
    spec: { holderIdentity: namespace.slice(-6), leaseDurationSeconds: 40, renewTime: new Date(now - renewedSecondsAgo * 1000).toISOString() },
  });

  it('are named per run, so the same lab in two runs never shares one', () => {
    expect(labNamespace('services', 'aaa111')).not.toBe(labNamespace('services', 'bbb222'));
  });

  it('are removed only when their run stopped its heartbeat', () => {
    const stale = staleNamespaces(
      [ns('kindlab-a-live01', 300), ns('kindlab-b-dead01', 300), ns('kindlab-c-young1', 5), ns('kindlab-d-nohb01', 300), ns('kindlab-e-kept01', 900, { 'kindlab.dev/kept': 'true' })],
      [heartbeat('kindlab-a-live01', 5), heartbeat('kindlab-b-dead01', 120)],
      now,
    );
    expect(stale.map((s) => s.namespace)).toEqual(['kindlab-b-dead01', 'kindlab-d-nohb01']);
    expect(stale[0]!.reason).toBe('run dead01 stopped renewing its heartbeat 120 s ago');
  });
});

describe('timeline', () => {
  it('orders entries and skips repeated object states', () => {
    const t = new Timeline(1000);
    t.recordObject(1200, 'Pod', 'ADDED', 'p', 'Pending');
    t.recordObject(1300, 'Pod', 'MODIFIED', 'p', 'Pending');
    t.record({ kind: 'action', at: 1100, what: 'apply x' });
    expect(t.format()).toEqual(['+   0.100s  do    apply x', '+   0.200s  Pod   added p Pending']);
  });
});
