import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { messageOf } from '../core/errors.js';
import { WaitTimeoutError } from '../core/wait.js';
import { connect, type KubeClient } from '../kube/client.js';
import { toKubeError } from '../kube/errors.js';
import { reachApi } from '../kube/reach.js';
import { isNodeReady, isPodReady, isTerminating, nodeReadyCondition } from '../kube/status.js';
import { diagnoseNamespace, formatDiagnosis } from '../observe/diagnose.js';
import { Informer, verdictOf, type Condition } from '../observe/informer.js';

/**
 * When each node's machine (its container) last booted, in ms. Statuses written before that
 * describe the previous boot: after Docker restarts, the API still says "Ready" for a while
 * (node and pod statuses are only rewritten once each kubelet has synced), so they are not trusted.
 */
export type BootTimes = ReadonlyMap<string, number>;

/** True, or what is not healthy yet. Quick: one list of nodes and of kube-system pods. */
export async function checkClusterHealth(expectedNodes: number, boots: BootTimes = new Map()): Promise<true | string> {
  try {
    const client = connect();
    const [nodes, pods] = await Promise.all([client.core.listNode(), client.core.listNamespacedPod({ namespace: 'kube-system' })]);
    return clusterHealth(expectedNodes, boots, nodes.items, pods.items);
  } catch (error) {
    return messageOf(toKubeError(error, 'checking the cluster'));
  }
}

/** The verdict `up` waits for and `doctor` reports: nodes, then kube-system pods. */
export function clusterHealth(expectedNodes: number, boots: BootTimes, nodes: V1Node[], pods: V1Pod[]): true | string {
  const verdict = nodesReady(expectedNodes, boots)(byName(nodes), undefined);
  if (!verdict.met) return verdict.why;
  const system = systemPodsReady(boots)(byName(pods), undefined);
  return system.met ? true : system.why;
}

export const nodesReady =
  (expected: number, boots: BootTimes = new Map()): Condition<V1Node, void> =>
  (nodes) => {
    const all = [...nodes.values()];
    const stale = all.filter((n) => !sinceBoot(boots, n.metadata?.name, nodeReadyCondition(n)?.lastHeartbeatTime));
    if (stale.length > 0) return verdictOf(`waiting for the kubelet of ${names(stale)} to report after the node restarted`);
    const ready = all.filter(isNodeReady);
    return verdictOf(ready.length === expected && all.length === expected ? true : `${ready.length}/${expected} nodes Ready (${all.length} registered)`);
  };

/**
 * Every kube-system pod Running and Ready (as reported since its node booted), and CoreDNS among
 * them. Terminating pods (a rollout replacing them) and finished ones do not count.
 */
export const systemPodsReady =
  (boots: BootTimes = new Map()): Condition<V1Pod, void> =>
  (pods) => {
    const all = [...pods.values()].filter((p) => p.status?.phase !== 'Succeeded' && !isTerminating(p));
    const dns = all.filter((p) => p.metadata?.labels?.['k8s-app'] === 'kube-dns');
    if (dns.length === 0) return verdictOf('no CoreDNS pod yet');
    const stale = all.filter((p) => !(p.status?.containerStatuses ?? []).every((c) => sinceBoot(boots, p.spec?.nodeName, c.state?.running?.startedAt)));
    if (stale.length > 0) return verdictOf(`not restarted yet since their node booted: ${names(stale)}`);
    const notReady = all.filter((p) => !isPodReady(p));
    if (notReady.length > 0) return verdictOf(`not Ready yet: ${names(notReady)}`);
    return verdictOf(true);
  };

/** Whether a status timestamp was written after the node's last boot (always, when the boot is unknown). */
function sinceBoot(boots: BootTimes, node: string | undefined, at: Date | string | undefined): boolean {
  const boot = node ? boots.get(node) : undefined;
  if (!boot) return true;
  if (!at) return false;
  // API timestamps have whole seconds; Docker's have nanoseconds.
  return new Date(at).getTime() >= Math.floor(boot / 1000) * 1000;
}

function names(objects: Array<{ metadata?: { name?: string } }>): string {
  return objects.map((o) => o.metadata?.name).join(', ');
}

export function byName<T extends { metadata?: { name?: string } }>(objects: T[]): Map<string, T> {
  return new Map(objects.map((o) => [o.metadata?.name ?? '', o]));
}

/** Waits (on watches, with one deadline) for every node and every kube-system pod to be Ready. */
export async function waitForClusterReady(expectedNodes: number, timeoutMs: number, boots: BootTimes = new Map(), onPending?: (verdict: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const client: KubeClient = connect();
  // Right after `kind create` or a restart, the API server takes a few seconds to answer.
  await reachApi(client, { patienceMs: timeoutMs, ...(onPending ? { onWait: onPending } : {}), connectRefusedIsTransient: true });
  const nodes = new Informer<V1Node>(client, '/api/v1/nodes');
  const pods = new Informer<V1Pod>(client, '/api/v1/namespaces/kube-system/pods');
  const spec = (what: string) => ({ what, timeoutMs: Math.max(1, deadline - Date.now()), ...(onPending ? { onPending } : {}) });
  try {
    await nodes.waitFor(nodesReady(expectedNodes, boots), spec(`${expectedNodes} nodes Ready`));
    await pods.waitFor(systemPodsReady(boots), spec('every kube-system pod Ready'));
  } catch (error) {
    if (error instanceof WaitTimeoutError) {
      error.diagnosis = formatDiagnosis(await diagnoseNamespace(client, 'kube-system'));
      error.message += `\n${error.diagnosis}`;
    }
    throw error;
  } finally {
    nodes.stop();
    pods.stop();
  }
}
