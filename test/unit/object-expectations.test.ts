import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { pickKind, unknownKind, type ServedKind } from '../../src/kube/kinds.js';
import { jobComplete, jobFailed, jobFailures, statefulSetReadyInOrder } from '../../src/runner/expect/controllers.js';
import { fieldAt, objectCondition, objectHas, objectWhere } from '../../src/runner/expect/objects.js';
import { podRecreated, podsInPhase } from '../../src/runner/expect/pods.js';
import type { PodMilestones } from '../../src/runner/history.js';

// The object expectations are pure: a verdict over the objects a watch holds.

const served = (kind: string, resource: string, groupVersion: string, shortNames: string[] = []): ServedKind => ({
  kind,
  resource,
  group: groupVersion.includes('/') ? groupVersion.split('/')[0]! : '',
  groupVersion,
  namespaced: true,
  singular: kind.toLowerCase(),
  shortNames,
});
const kinds = [served('Pod', 'pods', 'v1', ['po']), served('Event', 'events', 'v1'), served('StatefulSet', 'statefulsets', 'apps/v1', ['sts']), served('Job', 'jobs', 'batch/v1'), served('Event', 'events', 'events.k8s.io/v1')];

const job = (status: Record<string, unknown>, spec: Record<string, unknown> = {}) => ({ kind: 'Job', metadata: { name: 'pi' }, spec, status }) as KubernetesObject;
const pod = (name: string, extra: { uid?: string; phase?: string; ready?: boolean; labels?: Record<string, string> } = {}) =>
  ({ metadata: { name, uid: extra.uid ?? name, labels: extra.labels ?? { app: 'x' } }, status: { phase: extra.phase ?? 'Running', conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] } }) as KubernetesObject;

describe('kinds, as kubectl names them', () => {
  it('takes a kind, its plural, a short name, or a group-qualified name; core first', () => {
    expect(pickKind(kinds, 'Job')?.groupVersion).toBe('batch/v1');
    expect(pickKind(kinds, 'jobs.batch')?.kind).toBe('Job');
    expect(pickKind(kinds, 'sts')?.kind).toBe('StatefulSet');
    expect(pickKind(kinds, 'statefulsets.v1.apps')?.kind).toBe('StatefulSet');
    expect(pickKind(kinds, 'Event')?.groupVersion).toBe('v1');
    expect(pickKind(kinds, 'events.events.k8s.io')?.groupVersion).toBe('events.k8s.io/v1');
    expect(pickKind(kinds, 'jobs.apps')).toBeUndefined();
    expect(pickKind(kinds, 'Jbo')).toBeUndefined();
  });

  it('names the closest kinds when one is not served, and how to name one', () => {
    const error = unknownKind(kinds, 'Jbo');
    expect(error.message).toBe('the cluster serves no kind "Jbo" (did you mean Job?)');
    expect(error.fix).toMatch(/kubectl api-resources/);
    expect(unknownKind(kinds, 'Frobnicator').message).toBe('the cluster serves no kind "Frobnicator"');
  });
});

describe('an object of any kind', () => {
  it('reads fields by path, array indexes included', () => {
    expect(fieldAt({ spec: { containers: [{ image: 'a' }] } }, 'spec.containers[0].image')).toBe('a');
    expect(fieldAt({ status: {} }, 'status.succeeded')).toBeUndefined();
  });

  it('waits on a field and says what it last was', () => {
    const has = objectHas('Job', 'pi', 'status.succeeded', 1);
    expect(has.resource).toEqual({ kind: 'Job' });
    expect(has.evaluate([])).toEqual({ met: false, why: 'Job pi not found' });
    expect(has.evaluate([job({ succeeded: 0 })])).toEqual({ met: false, why: 'status.succeeded is 0' });
    expect(has.evaluate([job({ succeeded: 1 })]).met).toBe(true);
    expect(objectHas('Job', 'pi', 'status.failed', (n: number | undefined) => (n ?? 0) >= 2).evaluate([job({ failed: 2 })]).met).toBe(true);
  });

  it('takes any test: true, a reason, or false (then the status is what was seen)', () => {
    const where = objectWhere('Job', 'pi', 'two active', (o: KubernetesObject & { status?: { active?: number } }) => (o.status?.active ?? 0) >= 2);
    expect(where.evaluate([job({ active: 1 })])).toEqual({ met: false, why: 'status: active=1' });
    expect(objectCondition('Job', 'pi', 'Complete').evaluate([job({ conditions: [{ type: 'Complete', status: 'False', reason: 'Running' }] })])).toEqual({ met: false, why: 'Complete=False (Running)' });
  });
});

describe('Jobs, StatefulSets and pods', () => {
  it('tells a Job complete, failed, and its failures so far', () => {
    expect(jobComplete('pi').evaluate([job({ active: 1, failed: 1 }, { backoffLimit: 3 })])).toEqual({ met: false, why: 'active=1 succeeded=0/1 failed=1 (backoffLimit 3)' });
    expect(jobComplete('pi').evaluate([job({ succeeded: 1, conditions: [{ type: 'Complete', status: 'True' }] })]).met).toBe(true);
    const failed = job({ failed: 4, conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded' }] }, { backoffLimit: 3 });
    expect(jobComplete('pi').evaluate([failed])).toEqual({ met: false, why: 'active=0 succeeded=0/1 failed=4 (backoffLimit 3), Failed: BackoffLimitExceeded' });
    expect(jobFailed('pi', 'BackoffLimitExceeded').evaluate([failed]).met).toBe(true);
    expect(jobFailed('pi', 'DeadlineExceeded').evaluate([failed]).met).toBe(false);
    expect(jobFailures('pi', 2).evaluate([job({ failed: 1 })]).met).toBe(false);
    expect(jobFailures('pi', 2).evaluate([job({ failed: 2 })]).met).toBe(true);
  });

  it('holds a StatefulSet to its order: each pod created once the one before was Ready', () => {
    const seen = new Map<string, PodMilestones>([['db-0', { created: 0, ready: 10 }], ['db-1', { created: 12, ready: 20 }]]);
    const inOrder = statefulSetReadyInOrder('db', 2, (p) => seen.get(p) ?? {});
    expect(inOrder.evaluate([pod('db-0'), pod('db-1', { ready: false })]).met).toBe(false);
    const met = inOrder.evaluate([pod('db-1'), pod('db-0')]);
    expect(met.met && met.value.map((p) => p.metadata?.name)).toEqual(['db-0', 'db-1']);
    seen.set('db-1', { created: 5, ready: 20 });
    expect(inOrder.evaluate([pod('db-0'), pod('db-1')])).toEqual({ met: false, why: 'db-1 was created before db-0 was Ready (podManagementPolicy: Parallel?)' });
  });

  it('counts pods by phase, and tells a recreated pod from the same one', () => {
    const phase = podsInPhase('app=x', 'Failed', 2);
    expect(phase.evaluate([pod('a', { phase: 'Failed' }), pod('b', { phase: 'Running' })])).toEqual({ met: false, why: '1/2 Failed; Failed=1 Running=1' });
    expect(phase.evaluate([pod('a', { phase: 'Failed' }), pod('b', { phase: 'Failed' })]).met).toBe(true);
    const back = podRecreated('db-1', 'old');
    expect(back.evaluate([pod('db-1', { uid: 'old' })]).met).toBe(false);
    expect(back.evaluate([])).toEqual({ met: false, why: 'db-1 is gone, not back yet' });
    expect(back.evaluate([pod('db-1', { uid: 'new', ready: false })])).toEqual({ met: false, why: 'db-1 is back (new uid), not Ready yet' });
    expect(back.evaluate([pod('db-1', { uid: 'new' })]).met).toBe(true);
  });
});
