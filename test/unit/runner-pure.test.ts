import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { toMs } from '../../src/core/duration.js';
import { matchesSelector, rolloutProgress } from '../../src/observe/conditions.js';
import { Timeline } from '../../src/observe/timeline.js';
import { substitute } from '../../src/runner/manifest-files.js';
import { advanceMilestones, deploymentRolledOut, podReplaced, podsReady } from '../../src/runner/expectations.js';
import { PortPool } from '../../src/runner/ports.js';
import { selectLabs } from '../../src/cli/commands/run.js';
import { labs } from '../../labs/index.js';

const pod = (name: string, ready: boolean, extra: Partial<V1Pod['metadata']> = {}): V1Pod => ({
  metadata: { name, labels: { app: 'demo' }, ...extra },
  spec: { containers: [], nodeName: 'w1' },
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
    expect(e.test([pod('a', true), pod('b', false)])).toBe('1/2 Ready, 1 not ready yet');
    expect(e.test([pod('a', true), pod('b', true), pod('c', true, { deletionTimestamp: new Date() })])).toBe(true);
  });

  it('want a new pod in place of a deleted one', () => {
    const e = podReplaced('app=demo', 'a', ['a', 'b'], 2);
    expect(e.test([pod('a', true), pod('b', true)])).toBe('a is still Ready');
    expect(e.test([pod('b', true)])).toBe('no new pod Ready yet (1 Ready)');
    expect(e.test([pod('b', true), pod('c', true)])).toBe(true);
    expect(e.value([pod('b', true), pod('c', true)]).metadata?.name).toBe('c');
  });

  it('do not call a rollout done before the change was seen', () => {
    const d = { metadata: { name: 'demo', generation: 1 }, spec: { replicas: 1 }, status: { observedGeneration: 1, replicas: 1, updatedReplicas: 1, availableReplicas: 1 } } as V1Deployment;
    expect(deploymentRolledOut('demo').test([d])).toBe(true);
    expect(deploymentRolledOut('demo', 2).test([d])).toBe('the change (generation 2) has not been seen yet');
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

describe('manifest variables', () => {
  it('substitutes known variables and names the file for unknown ones', () => {
    expect(substitute('nodePort: ${NODE_PORT}', { NODE_PORT: '30080' }, 'f.yaml')).toBe('nodePort: 30080');
    expect(() => substitute('image: ${IMAGE}', { NODE_PORT: '1' }, 'manifests/x/f.yaml')).toThrow('manifests/x/f.yaml: unknown variable ${IMAGE}');
  });
});

describe('lab selection', () => {
  it('finds labs by id and explains an unknown one', () => {
    expect(selectLabs(labs, ['self-healing'], false).map((l) => l.id)).toEqual(['self-healing']);
    expect(() => selectLabs(labs, ['self-heal'], false)).toThrow(/unknown lab "self-heal" \(did you mean self-healing\?\)/);
    expect(() => selectLabs(labs, [], false)).toThrow('no lab given');
    expect(selectLabs(labs, [], true)).toHaveLength(labs.length);
  });

  it('every lab names its course section and both titles', () => {
    for (const lab of labs) {
      expect(lab.title.fr.length).toBeGreaterThan(5);
      expect(lab.title.en.length).toBeGreaterThan(5);
      expect(lab.section.length).toBeGreaterThan(3);
    }
  });
});

describe('NodePort pool', () => {
  it('hands out distinct ports and takes them back', () => {
    const pool = new PortPool();
    const a = pool.take('a');
    const b = pool.take('b');
    expect(a).not.toBe(b);
    pool.release('a');
    expect(pool.take('c')).toBe(a);
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

describe('Secret values', () => {
  it('are known in clear and in base64, from data and stringData', async () => {
    const { secretValues } = await import('../../src/runner/manifest-files.js');
    const { parseManifests } = await import('../../src/kube/manifests.js');
    const [m] = parseManifests('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: pass-one}\ndata: {b: cGFzcy10d28=}\n', 's.yaml');
    expect(secretValues(m!)).toEqual(expect.arrayContaining(['pass-one', Buffer.from('pass-one').toString('base64'), 'pass-two', 'cGFzcy10d28=']));
  });
});
