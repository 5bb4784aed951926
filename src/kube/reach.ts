import type { V1Node } from '@kubernetes/client-node';
import type { KubeClient } from './client.js';
import { connectionErrorCode, isTransient, KubeApiError } from './errors.js';
import { sendJson } from './raw.js';
import { retryTransient, type RetryOptions } from './retry.js';
import type { KindlabError } from '../core/errors.js';

export interface ReachOptions {
  /** How long to ride out an API server that is restarting (connection reset, 5xx). */
  patienceMs?: number;
  signal?: AbortSignal;
  /** Called once, when the first attempt fails with a restart-like error. */
  onWait?: (reason: string) => void;
  /** Also wait while nothing listens yet (a cluster being created), not only while it restarts. */
  connectRefusedIsTransient?: boolean;
}

/**
 * Lists the nodes, waiting up to `patienceMs` while the API server restarts (after Docker or a node
 * restarted: kind's port proxy accepts, then resets the connection; then, for a second or two,
 * authorization is not loaded and even the admin is Forbidden). Nothing listening at all
 * (ECONNREFUSED: the cluster is stopped) and every other error fail at once.
 */
export async function reachApi(client: KubeClient, options: ReachOptions = {}): Promise<V1Node[]> {
  return retryTransient(`reaching the cluster (context ${client.context})`, async () => (await client.core.listNode()).items, retryOptions(client, options));
}

/**
 * The API server answers at all (GET /version, which every identity may read): for those whose
 * rights stop at their namespace. Same patience as reachApi.
 */
export async function reachApiVersion(client: KubeClient, options: ReachOptions = {}): Promise<string> {
  return retryTransient(`reaching the cluster (context ${client.context})`, async () => {
    const response = await sendJson(client, 'GET', '/version', undefined, undefined, 10_000);
    if (response.status >= 300) throw Object.assign(new Error(`GET /version: HTTP ${response.status}`), { code: response.status >= 500 ? 'ECONNRESET' : undefined });
    return (JSON.parse(response.body) as { gitVersion?: string }).gitVersion ?? '';
  }, retryOptions(client, options));
}

function retryOptions(client: KubeClient, options: ReachOptions): RetryOptions {
  return {
    patienceMs: options.patienceMs ?? 60_000,
    ...(options.signal ? { signal: options.signal } : {}),
    retryable: async (error: KindlabError, raw: unknown) =>
      (isTransient(error) && (options.connectRefusedIsTransient || connectionErrorCode(raw) !== 'ECONNREFUSED')) || (error instanceof KubeApiError && [401, 403].includes(error.status) && !(await isReady(client))),
    onRetry: (error: { message: string }) => options.onWait?.(error.message),
  };
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
