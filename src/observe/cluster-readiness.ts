import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { messageOf } from '../core/errors.js';
import { WaitTimeoutError } from '../core/wait.js';
import { connect, type KubeClient } from '../kube/client.js';
import { toKubeError } from '../kube/errors.js';
import { reachApi } from '../kube/reach.js';
import { isNodeReady, isPodReady, isTerminating, nodeReadyCondition } from '../kube/status.js';
import { diagnoseNamespace, formatDiagnosis } from './diagnose.js';
import { Informer, verdictOf, type Condition } from './informer.js';

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
    // 0: however many are registered (the runner does not know the cluster's shape).
    const wanted = expected || Math.max(1, all.length);
    return verdictOf(ready.length === wanted && all.length === wanted ? true : `${ready.length}/${wanted} nodes Ready (${all.length} registered)`);
  };

/** What kind's `--wait` waits for: the control plane's nodes Ready (the workers join and get Ready after). */
export const controlPlaneReady: Condition<V1Node, void> = (nodes) => {
  const planes = [...nodes.values()].filter((n) => n.metadata?.labels?.['node-role.kubernetes.io/control-plane'] !== undefined);
  const ready = planes.filter(isNodeReady);
  return verdictOf(planes.length > 0 && ready.length === planes.length ? true : `${ready.length}/${planes.length} control-plane nodes Ready`);
};

/** CoreDNS Running and Ready: what a lab's Services need besides Ready nodes. */
export const dnsReady: Condition<V1Pod, void> = (pods) => {
  const dns = [...pods.values()].filter((p) => p.metadata?.labels?.['k8s-app'] === 'kube-dns' && !isTerminating(p));
  if (dns.length === 0) return verdictOf('no CoreDNS pod yet');
  const ready = dns.filter(isPodReady);
  return verdictOf(ready.length > 0 ? true : `CoreDNS not Ready yet: ${names(dns)}`);
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

/**
 * How ready: `all` every node and every kube-system pod (`up --wait`, a restarted cluster);
 * `control-plane` what kind's --wait means (a created cluster: the rest is waited for by who needs
 * it); `labs` every node and CoreDNS (the runner, before its first lab).
 */
export type ReadinessScope = 'all' | 'control-plane' | 'labs';

/** Waits (on watches, with one deadline) for the cluster to be ready in that scope. */
export async function waitForClusterReady(expectedNodes: number, timeoutMs: number, boots: BootTimes = new Map(), onPending?: (verdict: string) => void, scope: ReadinessScope = 'all', client: KubeClient = connect()): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Right after `kind create` or a restart, the API server takes a few seconds to answer.
  await reachApi(client, { patienceMs: timeoutMs, ...(onPending ? { onWait: onPending } : {}), connectRefusedIsTransient: true });
  const nodes = new Informer<V1Node>(client, '/api/v1/nodes');
  const pods = scope === 'control-plane' ? undefined : new Informer<V1Pod>(client, '/api/v1/namespaces/kube-system/pods');
  const spec = (what: string) => ({ what, timeoutMs: Math.max(1, deadline - Date.now()), ...(onPending ? { onPending } : {}) });
  try {
    if (scope === 'control-plane') await nodes.waitFor(controlPlaneReady, spec('the control plane Ready'));
    else await nodes.waitFor(nodesReady(expectedNodes, boots), spec(expectedNodes ? `${expectedNodes} nodes Ready` : 'every node Ready'));
    if (scope === 'all') await pods!.waitFor(systemPodsReady(boots), spec('every kube-system pod Ready'));
    if (scope === 'labs') await pods!.waitFor(dnsReady, spec('CoreDNS Ready'));
  } catch (error) {
    if (error instanceof WaitTimeoutError) {
      error.diagnosis = formatDiagnosis(await diagnoseNamespace(client, 'kube-system'));
      error.message += `\n${error.diagnosis}`;
    }
    throw error;
  } finally {
    nodes.stop();
    pods?.stop();
  }
}
