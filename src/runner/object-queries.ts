import type { KubernetesObject } from '@kubernetes/client-node';
import { jobComplete, jobFailed, jobFailures, jobKind, statefulSetKind, statefulSetReadyInOrder } from './expect/controllers.js';
import { named } from './expect/expectation.js';
import { objectCondition, objectGone, objectHas, objectWhere } from './expect/objects.js';
import type { LabHistory } from './history.js';
import type { KindWatches } from './kind-watches.js';
import type { JobQueries, ObjectQuery, StatefulSetQueries } from './lab-object-queries.js';
import type { Job, KubeObject, StatefulSet } from './lab-types.js';

/** `lab.object(kind, name)`: every wait is objectWhere's; `get` reads the kind's watch (started on first use). */
export function objectQuery<T extends KubeObject>(watches: KindWatches, kind: string, name: string): ObjectQuery<T> {
  return {
    get: async () => named<T & KubernetesObject>(await watches.current({ kind }), name),
    where: (what, test) => objectWhere<T>(kind, name, what, test),
    has: (path, value) => objectHas<T>(kind, name, path, value),
    condition: (type, status, reason) => objectCondition<T>(kind, name, type, status, reason),
    gone: () => objectGone(kind, name),
  };
}

export function jobQueries(watches: KindWatches, name: string): JobQueries {
  return {
    ...objectQuery<Job>(watches, jobKind, name),
    complete: () => jobComplete(name),
    failed: (reason) => jobFailed(name, reason),
    failures: (count) => jobFailures(name, count),
  };
}

export function statefulSetQueries(watches: KindWatches, history: LabHistory, name: string): StatefulSetQueries {
  return {
    ...objectQuery<StatefulSet>(watches, statefulSetKind, name),
    readyInOrder: (replicas) => statefulSetReadyInOrder(name, replicas, (pod) => history.milestones(pod)),
  };
}
