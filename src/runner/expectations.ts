import type { KubernetesObject, V1Deployment, V1PersistentVolumeClaim, V1Pod } from '@kubernetes/client-node';
import { deploymentCondition, isPodReady, isTerminating, matchesSelector, restartCount, rolloutProgress } from '../observe/conditions.js';
import type { ResourceName } from '../observe/observer.js';

/** Something a lab waits for: a condition over one watched resource of its namespace. */
export interface Expectation<V> {
  resource: ResourceName;
  /** What is awaited, in words (the check's name unless the lab gives one). */
  what: string;
  /** Label selector of the pods involved, to focus the diagnosis on a timeout. */
  selector?: string;
  test(objects: KubernetesObject[]): true | string;
  /** The value handed back once met (computed from the objects at that moment). */
  value(objects: KubernetesObject[]): V;
}

export interface Met<V> {
  /** When the event that satisfied the expectation arrived (ms since epoch). */
  metAt: number;
  elapsedMs: number;
  value: V;
}

const pods = (objects: KubernetesObject[], selector?: string) => (objects as V1Pod[]).filter((p) => matchesSelector(p, selector));
const named = <T extends KubernetesObject>(objects: KubernetesObject[], name: string) => objects.find((o) => o.metadata?.name === name) as T | undefined;

export function podsReady(selector: string, count: number): Expectation<V1Pod[]> {
  return {
    resource: 'pods',
    what: `${count} pod${count === 1 ? '' : 's'} (${selector}) Ready`,
    selector,
    test: (objects) => {
      const all = pods(objects, selector);
      const ready = all.filter(isPodReady);
      const extra = all.filter((p) => !isTerminating(p) && !isPodReady(p)).length;
      return ready.length === count ? true : `${ready.length}/${count} Ready${extra ? `, ${extra} not ready yet` : ''}`;
    },
    value: (objects) => pods(objects, selector).filter(isPodReady),
  };
}

export function podReplaced(selector: string, gone: string, previous: string[], count: number): Expectation<V1Pod> {
  const isNew = (p: V1Pod) => !previous.includes(p.metadata?.name ?? '');
  return {
    resource: 'pods',
    what: `a new pod replaces ${gone} and ${count} are Ready`,
    selector,
    test: (objects) => {
      const all = pods(objects, selector);
      const ready = all.filter(isPodReady);
      const replacement = ready.find(isNew);
      if (ready.some((p) => p.metadata?.name === gone)) return `${gone} is still Ready`;
      if (!replacement) return `no new pod Ready yet (${ready.length} Ready)`;
      return ready.length === count ? true : `${ready.length}/${count} Ready`;
    },
    value: (objects) => pods(objects, selector).filter(isPodReady).find(isNew)!,
  };
}

export function podRestartedAndReady(name: string, minRestarts: number): Expectation<V1Pod> {
  return {
    resource: 'pods',
    what: `pod ${name} restarted (restarts ≥ ${minRestarts}) and Ready again`,
    test: (objects) => {
      const pod = named<V1Pod>(objects, name);
      if (!pod) return `pod ${name} is gone`;
      const restarts = restartCount(pod);
      if (restarts < minRestarts) return `restarts=${restarts}`;
      return isPodReady(pod) ? true : `restarts=${restarts}, not Ready yet`;
    },
    value: (objects) => named<V1Pod>(objects, name)!,
  };
}

export function podsGone(selector: string): Expectation<void> {
  return {
    resource: 'pods',
    what: `no pod left with ${selector}`,
    test: (objects) => {
      const left = pods(objects, selector).map((p) => p.metadata?.name);
      return left.length === 0 ? true : `still there: ${left.join(', ')}`;
    },
    value: () => undefined,
  };
}

export function podGone(name: string): Expectation<void> {
  return {
    resource: 'pods',
    what: `pod ${name} deleted`,
    test: (objects) => (named(objects, name) ? `${name} still exists` : true),
    value: () => undefined,
  };
}

export function deploymentAvailable(name: string, replicas: number): Expectation<V1Deployment> {
  return {
    resource: 'deployments',
    what: `deployment ${name} has ${replicas} available replicas`,
    test: (objects) => {
      const d = named<V1Deployment>(objects, name);
      if (!d) return `deployment ${name} not found`;
      const available = d.status?.availableReplicas ?? 0;
      const total = d.status?.replicas ?? 0;
      return available === replicas && total === replicas ? true : `available=${available} total=${total}`;
    },
    value: (objects) => named<V1Deployment>(objects, name)!,
  };
}

/**
 * `minGeneration` is the generation the lab's own last change produced: until the watch has
 * delivered that version, the cached Deployment is the one from before the change.
 */
export function deploymentRolledOut(name: string, minGeneration = 0): Expectation<V1Deployment> {
  return {
    resource: 'deployments',
    what: `deployment ${name} rolled out`,
    test: (objects) => {
      const d = named<V1Deployment>(objects, name);
      if (d && (d.metadata?.generation ?? 0) < minGeneration) return `the change (generation ${minGeneration}) has not been seen yet`;
      return rolloutProgress(d);
    },
    value: (objects) => named<V1Deployment>(objects, name)!,
  };
}

export function deploymentHasCondition(name: string, type: string, status: string, reason?: string): Expectation<V1Deployment> {
  return {
    resource: 'deployments',
    what: `deployment ${name} condition ${type}=${status}${reason ? ` (${reason})` : ''}`,
    test: (objects) => {
      const c = deploymentCondition(named<V1Deployment>(objects, name), type);
      if (!c) return `no ${type} condition`;
      return c.status === status && (!reason || c.reason === reason) ? true : `${type}=${c.status} (${c.reason})`;
    },
    value: (objects) => named<V1Deployment>(objects, name)!,
  };
}

export function claimBound(name: string): Expectation<void> {
  return {
    resource: 'persistentvolumeclaims',
    what: `PersistentVolumeClaim ${name} Bound`,
    test: (objects) => {
      const phase = named<V1PersistentVolumeClaim>(objects, name)?.status?.phase;
      return phase === 'Bound' ? true : `phase ${phase ?? 'unknown'}`;
    },
    value: () => undefined,
  };
}

/** When the lab first saw each stage of a pod's start (ms since epoch; undefined if not yet). */
export interface PodMilestones {
  created?: number;
  scheduled?: number;
  running?: number;
  ready?: number;
}

/** Updates a pod's milestones from one observed state; the first observation of each stage wins. */
export function advanceMilestones(m: PodMilestones, pod: V1Pod, at: number): PodMilestones {
  const next = { ...m };
  next.created ??= at;
  if (pod.spec?.nodeName) next.scheduled ??= at;
  if (pod.status?.containerStatuses?.some((s) => s.state?.running)) next.running ??= at;
  if (isPodReady(pod)) next.ready ??= at;
  return next;
}

interface EndpointSliceLike extends KubernetesObject {
  endpoints?: Array<{ addresses?: string[]; conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean }; targetRef?: { name?: string }; nodeName?: string }>;
}

/** The pods a Service currently sends traffic to (ready endpoints of its EndpointSlices). */
export function readyEndpointPods(objects: KubernetesObject[], service: string): string[] {
  return (objects as EndpointSliceLike[])
    .filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === service)
    .flatMap((s) => s.endpoints ?? [])
    .filter((e) => e.conditions?.ready !== false)
    .map((e) => e.targetRef?.name ?? '')
    .filter(Boolean)
    .sort();
}

export function endpointsAre(service: string, pods: string[]): Expectation<string[]> {
  const want = [...pods].sort();
  return {
    resource: 'endpointslices',
    what: `Service ${service} sends traffic to exactly ${want.length} pod(s)`,
    test: (objects) => {
      const have = readyEndpointPods(objects, service);
      return have.join(',') === want.join(',') ? true : `ready endpoints: [${have.join(' ')}]`;
    },
    value: (objects) => readyEndpointPods(objects, service),
  };
}

export function endpointsExclude(service: string, pod: string): Expectation<string[]> {
  return {
    resource: 'endpointslices',
    what: `Service ${service} no longer sends traffic to ${pod}`,
    test: (objects) => {
      const have = readyEndpointPods(objects, service);
      return have.includes(pod) ? `${pod} is still a ready endpoint` : have.length > 0 ? true : 'no ready endpoint at all';
    },
    value: (objects) => readyEndpointPods(objects, service),
  };
}

export function endpointsCount(service: string, count: number): Expectation<string[]> {
  return {
    resource: 'endpointslices',
    what: `Service ${service} has ${count} ready endpoint(s)`,
    test: (objects) => {
      const have = readyEndpointPods(objects, service);
      return have.length === count ? true : `${have.length} ready endpoint(s): [${have.join(' ')}]`;
    },
    value: (objects) => readyEndpointPods(objects, service),
  };
}

export function nodeReadyIs(name: string, ready: boolean): Expectation<void> {
  return {
    resource: 'nodes',
    what: `node ${name} ${ready ? 'Ready' : 'NotReady'}`,
    test: (objects) => {
      const node = objects.find((o) => o.metadata?.name === name) as { status?: { conditions?: Array<{ type: string; status: string }> } } | undefined;
      const status = node?.status?.conditions?.find((c) => c.type === 'Ready')?.status;
      const isReady = status === 'True';
      return isReady === ready ? true : `Ready=${status ?? 'unknown'}`;
    },
    value: () => undefined,
  };
}

/** Any condition on the pods of a selector, described in words. */
export function podsSatisfy(selector: string, what: string, test: (pods: V1Pod[]) => true | string): Expectation<V1Pod[]> {
  return { resource: 'pods', what, selector, test: (objects) => test(pods(objects, selector)), value: (objects) => pods(objects, selector) };
}

/** An event with this reason was recorded about this object (e.g. FailedScheduling on a pod). */
export function eventSeen(reason: string, objectName: string): Expectation<string> {
  const find = (objects: KubernetesObject[]) =>
    (objects as Array<KubernetesObject & { reason?: string; message?: string; involvedObject?: { name?: string } }>).find(
      (e) => e.reason === reason && e.involvedObject?.name === objectName,
    );
  return {
    resource: 'events',
    what: `event ${reason} about ${objectName}`,
    test: (objects) => (find(objects) ? true : `no ${reason} event yet`),
    value: (objects) => find(objects)?.message ?? '',
  };
}
