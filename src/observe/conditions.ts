import type { KubernetesObject, V1DaemonSet, V1Deployment, V1Pod } from '@kubernetes/client-node';
import { isPodReady, isTerminating, restartCount } from '../kube/status.js';
import { labelsMatch } from '../kube/selectors.js';

/** Equality-based label selectors ("app=demo,tier=web"), enough for the labs' own objects. */
export function matchesSelector(object: KubernetesObject, selector: string | undefined): boolean {
  return labelsMatch(object.metadata?.labels ?? {}, selector);
}

/** One line describing a pod for timelines: phase, readiness, node, restarts. */
export function podState(pod: V1Pod): string {
  const phase = isTerminating(pod) ? 'Terminating' : (pod.status?.phase ?? 'Unknown');
  const waiting = pod.status?.containerStatuses?.find((s) => s.state?.waiting?.reason)?.state?.waiting?.reason;
  const parts = [phase, isPodReady(pod) ? 'ready' : 'not-ready'];
  if (waiting) parts.push(waiting);
  if (pod.spec?.nodeName) parts.push(`node=${pod.spec.nodeName}`);
  const restarts = restartCount(pod);
  if (restarts) parts.push(`restarts=${restarts}`);
  return parts.join(' ');
}

/** Any object's status in one line: its scalar fields and its true conditions (a Job: active=1 failed=2 Complete). */
export function statusState(o: KubernetesObject): string {
  const status = (o as { status?: Record<string, unknown> }).status ?? {};
  const scalars = Object.entries(status).filter(([, v]) => ['number', 'string', 'boolean'].includes(typeof v) && String(v).length <= 40).map(([k, v]) => `${k}=${String(v)}`);
  const conditions = Array.isArray(status.conditions) ? (status.conditions as Array<{ type?: string; status?: string }>).filter((c) => c.status === 'True').map((c) => c.type ?? '') : [];
  return [...scalars.slice(0, 6), ...conditions].join(' ');
}

export function deploymentState(d: V1Deployment): string {
  const s = d.status ?? {};
  return `replicas=${s.replicas ?? 0} updated=${s.updatedReplicas ?? 0} ready=${s.readyReplicas ?? 0} available=${s.availableReplicas ?? 0}`;
}

/**
 * Like `kubectl rollout status`: the controller saw the latest spec, every replica is updated,
 * none of the old ones remain and all are available.
 */
export function rolloutProgress(d: V1Deployment | undefined): true | string {
  if (!d) return 'deployment not found';
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  if ((s.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) return 'the controller has not seen the latest spec yet';
  if ((s.updatedReplicas ?? 0) < want) return `${s.updatedReplicas ?? 0}/${want} replicas updated`;
  if ((s.replicas ?? 0) > (s.updatedReplicas ?? 0)) return `${(s.replicas ?? 0) - (s.updatedReplicas ?? 0)} old replicas still running`;
  if ((s.availableReplicas ?? 0) < want) return `${s.availableReplicas ?? 0}/${want} replicas available`;
  return true;
}

/** Like `kubectl rollout status daemonset`: the latest spec is on every node it runs on, and available there. */
export function daemonSetRolloutProgress(d: V1DaemonSet | undefined): true | string {
  if (!d) return 'daemonset not found';
  const s = d.status ?? { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
  if ((s.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) return 'the controller has not seen the latest spec yet';
  const want = s.desiredNumberScheduled;
  if (want === 0) return 'no node to run on yet';
  if ((s.updatedNumberScheduled ?? 0) < want) return `${s.updatedNumberScheduled ?? 0}/${want} pods updated`;
  if ((s.numberAvailable ?? 0) < want) return `${s.numberAvailable ?? 0}/${want} pods available`;
  return true;
}

export function deploymentCondition(d: V1Deployment | undefined, type: string): { status: string; reason: string; message: string } | undefined {
  const c = d?.status?.conditions?.find((x) => x.type === type);
  return c ? { status: c.status, reason: c.reason ?? '', message: c.message ?? '' } : undefined;
}
