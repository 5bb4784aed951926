import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { messageOf } from '../core/errors.js';
import { connect, isNodeReady, type KubeClient } from '../kube/client.js';
import { toKubeError } from '../kube/errors.js';
import { diagnoseNamespace, formatDiagnosis } from '../observe/diagnose.js';
import { Informer, WaitTimeoutError, type Condition } from '../observe/informer.js';

/**
 * When each node's machine (its container) last booted, in ms. Statuses written before that
 * describe the previous boot: after Docker restarts, the API still says "Ready" for a while
 * (node and pod statuses are only rewritten once each kubelet has synced), so they are not trusted.
 */
export type BootTimes = ReadonlyMap<string, number>;

/** True, or what is not healthy yet. Quick: one list of nodes and of kube-system pods. */
export async function checkClusterHealth(expectedNodes: number, boots: BootTimes = new Map()): Promise<true | string> {
  let client: KubeClient;
  try {
    client = connect();
    const [nodes, pods] = await Promise.all([
      client.core.listNode(),
      client.core.listNamespacedPod({ namespace: 'kube-system' }),
    ]);
    const verdict = nodesReady(expectedNodes, boots)(new Map(nodes.items.map((n) => [n.metadata?.name ?? '', n])), undefined);
    if (verdict !== true) return verdict;
    return systemPodsReady(boots)(new Map(pods.items.map((p) => [p.metadata?.name ?? '', p])), undefined);
  } catch (error) {
    return messageOf(toKubeError(error, 'checking the cluster'));
  }
}

export const nodesReady =
  (expected: number, boots: BootTimes = new Map()): Condition<V1Node> =>
  (nodes) => {
    const all = [...nodes.values()];
    const stale = all.filter((n) => !sinceBoot(boots, n.metadata?.name, n.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime));
    if (stale.length > 0) return `waiting for the kubelet of ${names(stale)} to report after the node restarted`;
    const ready = all.filter(isNodeReady);
    return ready.length === expected && all.length === expected ? true : `${ready.length}/${expected} nodes Ready (${all.length} registered)`;
  };

/** Every kube-system pod Running and Ready (as reported since its node booted), and CoreDNS among them. */
export const systemPodsReady =
  (boots: BootTimes = new Map()): Condition<V1Pod> =>
  (pods) => {
    const all = [...pods.values()].filter((p) => p.status?.phase !== 'Succeeded' && !p.metadata?.deletionTimestamp);
    if (!all.some((p) => p.metadata?.labels?.['k8s-app'] === 'kube-dns')) return 'no CoreDNS pod yet';
    const stale = all.filter((p) => !(p.status?.containerStatuses ?? []).every((c) => sinceBoot(boots, p.spec?.nodeName, c.state?.running?.startedAt)));
    if (stale.length > 0) return `not restarted yet since their node booted: ${names(stale)}`;
    const notReady = all.filter((p) => !p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
    return notReady.length === 0 ? true : `not Ready yet: ${names(notReady)}`;
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

/** Waits (on watches, with one deadline) for every node and every kube-system pod to be Ready. */
export async function waitForClusterReady(expectedNodes: number, timeoutMs: number, boots: BootTimes = new Map(), onPending?: (verdict: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const client = await waitForApi(deadline, timeoutMs);
  const nodes = new Informer<V1Node>(client, '/api/v1/nodes');
  const pods = new Informer<V1Pod>(client, '/api/v1/namespaces/kube-system/pods');
  try {
    await nodes.waitFor(nodesReady(expectedNodes, boots), { what: `${expectedNodes} nodes Ready`, timeoutMs: Math.max(1, deadline - Date.now()), ...(onPending ? { onPending } : {}) });
    await pods.waitFor(systemPodsReady(boots), { what: 'every kube-system pod Ready', timeoutMs: Math.max(1, deadline - Date.now()), ...(onPending ? { onPending } : {}) });
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

/** The API server answers (after a restart it takes a few seconds); retried until the deadline. */
async function waitForApi(deadline: number, timeoutMs: number): Promise<KubeClient> {
  let last = '';
  for (let attempt = 0; Date.now() < deadline; attempt++) {
    try {
      const client = connect();
      await client.core.listNode({ limit: 1 });
      return client;
    } catch (error) {
      last = messageOf(toKubeError(error, 'reaching the API server'));
      await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 2000)));
    }
  }
  throw new WaitTimeoutError('the API server to answer', timeoutMs, last);
}
