import type { KubernetesObject, V1ContainerStatus, V1Node, V1NodeCondition, V1Pod } from '@kubernetes/client-node';

/**
 * What the status of pods and nodes says, read in one place: every "is it Ready?" of kindlab
 * (labs, waits, up, doctor, diagnosis) is one of these.
 */
export const isTerminating = (o: KubernetesObject): boolean => Boolean(o.metadata?.deletionTimestamp);

/** Ready and not on its way out: a terminating pod may still say Ready for a moment. */
export function isPodReady(pod: V1Pod): boolean {
  return !isTerminating(pod) && (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false);
}

export function isNodeReady(node: V1Node): boolean {
  return nodeReadyStatus(node) === 'True';
}

/** The node's Ready condition: its status and when the kubelet last reported it. */
export function nodeReadyCondition(node: V1Node): V1NodeCondition | undefined {
  return node.status?.conditions?.find((c) => c.type === 'Ready');
}

/** "True", "False", "Unknown" (the kubelet stopped reporting), or undefined before the first report. */
export function nodeReadyStatus(node: V1Node): string | undefined {
  return nodeReadyCondition(node)?.status;
}

/** Whether pods without a matching toleration can run there (no NoSchedule/NoExecute taint). */
export function isSchedulable(node: V1Node): boolean {
  return !node.spec?.unschedulable && !(node.spec?.taints ?? []).some((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
}

/** The taints the node controller puts on a node while it is not Ready, and takes off once it is. */
export const notReadyTaints: readonly string[] = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/**
 * A node made to take ordinary pods (a worker): no taint that keeps them off, but those of a node
 * coming back, which go by themselves once it is Ready.
 */
export function takesOrdinaryPods(node: V1Node): boolean {
  return !node.spec?.unschedulable && !(node.spec?.taints ?? []).some((t) => !notReadyTaints.includes(t.key) && (t.effect === 'NoSchedule' || t.effect === 'NoExecute'));
}

export function containerStatuses(pod: V1Pod, container?: string): V1ContainerStatus[] {
  return (pod.status?.containerStatuses ?? []).filter((s) => !container || s.name === container);
}

/** Restarts of one container, or of all of them. */
export function restartCount(pod: V1Pod, container?: string): number {
  return containerStatuses(pod, container).reduce((n, s) => n + s.restartCount, 0);
}

/** Why a container last stopped (OOMKilled, Error, Completed…), if it ever did. */
export function lastTermination(pod: V1Pod, container?: string): string | undefined {
  const s = containerStatuses(pod, container)[0];
  return s?.lastState?.terminated?.reason ?? s?.state?.terminated?.reason;
}
