import type { V1Node } from '@kubernetes/client-node';
import pRetry, { AbortError } from 'p-retry';
import type { KubeClient } from './client.js';
import { connectionErrorCode, isTransient, KubeApiError, toKubeError } from './errors.js';
import { sendJson } from './raw.js';

export interface ReachOptions {
  /** How long to ride out an API server that is restarting (connection reset, 5xx). */
  patienceMs?: number;
  /** Called once, when the first attempt fails with a restart-like error. */
  onWait?: (reason: string) => void;
}

/**
 * Lists the nodes, waiting up to `patienceMs` while the API server restarts (after Docker or a node
 * restarted: kind's port proxy accepts, then resets the connection; then, for a second or two,
 * authorization is not loaded and even the admin is Forbidden). Nothing listening at all
 * (ECONNREFUSED: the cluster is stopped) and every other error fail at once.
 */
export async function reachApi(client: KubeClient, options: ReachOptions = {}): Promise<V1Node[]> {
  const what = `reaching the cluster (context ${client.context})`;
  let warned = false;
  return pRetry(
    async () => {
      try {
        return (await client.core.listNode()).items;
      } catch (error) {
        const kubeError = toKubeError(error, what);
        const restarting =
          (isTransient(kubeError) && connectionErrorCode(error) !== 'ECONNREFUSED') ||
          (kubeError instanceof KubeApiError && [401, 403].includes(kubeError.status) && !(await isReady(client)));
        if (!restarting) throw new AbortError(kubeError);
        if (!warned) {
          warned = true;
          options.onWait?.(kubeError.message);
        }
        throw kubeError;
      }
    },
    { retries: Number.POSITIVE_INFINITY, maxRetryTime: options.patienceMs ?? 60_000, minTimeout: 250, maxTimeout: 2000 },
  );
}

/** The API server's own verdict (/readyz): false while its post-start hooks (RBAC…) still run. */
async function isReady(client: KubeClient): Promise<boolean> {
  try {
    const response = await sendJson(client, 'GET', '/readyz', undefined, undefined, 5_000);
    return response.status === 200;
  } catch {
    return false;
  }
}
