import type { V1Job, V1Pod } from '@kubernetes/client-node';
import { podState } from '../../observe/conditions.js';
import { isPodReady } from '../../kube/status.js';
import type { PodMilestones } from '../history.js';
import { met, named, notYet, type Expectation } from './expectation.js';
import { conditionOf, objectWhere } from './objects.js';

// Jobs and StatefulSets: sugar over objectWhere, each saying in its "last seen" what a lab wants to know.

export const jobKind = 'Job';
export const statefulSetKind = 'StatefulSet';

/** active=1 succeeded=0/1 failed=2 (backoffLimit 3): what a Job's status says in one line. */
export function jobState(job: V1Job): string {
  const s = job.status ?? {};
  const failed = conditionOf(job, 'Failed');
  return `active=${s.active ?? 0} succeeded=${s.succeeded ?? 0}/${job.spec?.completions ?? 1} failed=${s.failed ?? 0} (backoffLimit ${job.spec?.backoffLimit ?? 6})${failed?.status === 'True' ? `, Failed: ${failed.reason}` : ''}`;
}

/** A Job's expectation, its diagnosis on a timeout focused on the Job's pods (their states, events and logs). */
const ofJob = (name: string, expectation: Expectation<V1Job>): Expectation<V1Job> => ({ ...expectation, selector: `job-name=${name}` });

export function jobComplete(name: string): Expectation<V1Job> {
  return ofJob(name, objectWhere<V1Job>(jobKind, name, `Job ${name} complete`, (job) => conditionOf(job, 'Complete')?.status === 'True' || jobState(job)));
}

/** The Job gave up: its Failed condition, with this reason if given (BackoffLimitExceeded, DeadlineExceeded). */
export function jobFailed(name: string, reason?: string): Expectation<V1Job> {
  return ofJob(
    name,
    objectWhere<V1Job>(jobKind, name, `Job ${name} failed${reason ? ` (${reason})` : ''}`, (job) => {
      const c = conditionOf(job, 'Failed');
      return (c?.status === 'True' && (!reason || c.reason === reason)) || jobState(job);
    }),
  );
}

/** At least `count` of its pods failed: the retries a backoffLimit allows. */
export function jobFailures(name: string, count: number): Expectation<V1Job> {
  return ofJob(name, objectWhere<V1Job>(jobKind, name, `Job ${name}: ${count} failed pod(s)`, (job) => (job.status?.failed ?? 0) >= count || jobState(job)));
}

/**
 * Pods `<name>-0` … `<name>-<replicas-1>` all Ready, each created once the one before it was
 * Ready (OrderedReady), by the order the lab's watch saw them in. The value: the pods, in order.
 */
export function statefulSetReadyInOrder(name: string, replicas: number, milestones: (pod: string) => PodMilestones): Expectation<V1Pod[]> {
  const names = Array.from({ length: replicas }, (_, i) => `${name}-${i}`);
  return {
    resource: 'pods',
    what: `StatefulSet ${name}: ${names.join(', ')} Ready, one after the other`,
    evaluate: (objects) => {
      for (let i = 1; i < replicas; i++) {
        const created = milestones(names[i]!).created;
        const before = milestones(names[i - 1]!).ready;
        if (created !== undefined && (before === undefined || created < before)) return notYet(`${names[i]} was created before ${names[i - 1]} was Ready (podManagementPolicy: Parallel?)`);
      }
      const pods = names.map((n) => named<V1Pod>(objects, n));
      if (pods.every((p) => p && isPodReady(p))) return met(pods as V1Pod[]);
      return notYet(names.map((n, i) => `${n} ${pods[i] ? podState(pods[i]) : 'absent'}`).join(', '));
    },
  };
}
