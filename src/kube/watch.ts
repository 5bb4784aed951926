import { Watch, type KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from './client.js';
import { toKubeError } from './errors.js';
import { retryTransient } from './retry.js';
import { getJson } from './raw.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<T extends KubernetesObject> {
  type: WatchEventType;
  object: T;
  /** When kindlab received the event (ms since epoch). */
  receivedAt: number;
  /** True for the synthetic events of a (re)list, which report state rather than a change. */
  fromList: boolean;
}

/** Marks the end of the initial list: every object that existed has been reported before it. */
export interface SyncedMarker {
  type: 'SYNCED';
  receivedAt: number;
}

export interface ResourceWatchOptions {
  /** API path of the collection, e.g. /api/v1/namespaces/ns/pods. */
  path: string;
  labelSelector?: string;
  fieldSelector?: string;
  signal?: AbortSignal;
  /** Called when a watch connection ends and is resumed (for diagnostics). */
  onResume?: (reason: string) => void;

}

interface ListResponse<T> {
  metadata?: { resourceVersion?: string };
  items: T[];
}

/** How long a watch keeps trying to list again through an API server outage before it fails. */
const maxOutageMs = 90_000;

/**
 * A long-lived watch of one collection: list, then watch from the list's resourceVersion;
 * when the connection ends, resume from the last resourceVersion seen; on 410 Gone (too old),
 * list again and report what changed meanwhile. One connection at a time, closed on abort.
 *
 * client-node opens a new connection pool (an undici Agent) per watch request, so callers should
 * keep few of these and share them, rather than watching per wait.
 */
export async function* watchResource<T extends KubernetesObject>(client: KubeClient, options: ResourceWatchOptions): AsyncGenerator<WatchEvent<T> | SyncedMarker> {
  const queue = new EventQueue<WatchEvent<T> | SyncedMarker>();
  const known = new Map<string, T>();
  let resourceVersion: string | undefined;
  let backoffMs = 100;
  const signal = options.signal;
  const query = { labelSelector: options.labelSelector, fieldSelector: options.fieldSelector };

  const relist = async () => {
    const list = await listPath<T>(client, options.path, query);
    resourceVersion = list.metadata?.resourceVersion;
    const now = Date.now();
    const seen = new Set<string>();
    for (const item of list.items) {
      const key = keyOf(item);
      seen.add(key);
      const before = known.get(key);
      if (!before || before.metadata?.resourceVersion !== item.metadata?.resourceVersion) {
        queue.push({ type: before ? 'MODIFIED' : 'ADDED', object: item, receivedAt: now, fromList: true });
      }
      known.set(key, item);
    }
    for (const [key, item] of known) {
      if (!seen.has(key)) {
        known.delete(key);
        queue.push({ type: 'DELETED', object: item, receivedAt: now, fromList: true });
      }
    }
  };

  const watcher = new Watch(client.config);
  let controller: AbortController | undefined;
  const onAbort = () => {
    controller?.abort();
    queue.close();
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const connect = async (): Promise<void> => {
    if (signal?.aborted) return;
    let gone = false;
    controller = await watcher.watch(
      options.path,
      { ...query, resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 },
      (phase: string, object: T & { code?: number }) => {
        if (phase === 'BOOKMARK') {
          resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
          return;
        }
        if (phase === 'ERROR') {
          gone = object.code === 410;
          controller?.abort();
          return;
        }
        if (phase !== 'ADDED' && phase !== 'MODIFIED' && phase !== 'DELETED') return;
        backoffMs = 100;
        resourceVersion = object.metadata?.resourceVersion ?? resourceVersion;
        const key = keyOf(object);
        if (phase === 'DELETED') known.delete(key);
        else known.set(key, object);
        queue.push({ type: phase, object, receivedAt: Date.now(), fromList: false });
      },
      (error: unknown) => {
        if (signal?.aborted) return;
        const status = (error as { statusCode?: number } | null)?.statusCode;
        if (status === 410) gone = true;
        // client-node 2 ends a watch that received nothing for 30 s: a quiet collection, not a fault.
        const quiet = (error as Error | null)?.name === 'TimeoutError';
        const reason = gone ? 'resourceVersion too old (410 Gone): listing again' : quiet ? 'no event for 30 s: watching again' : error ? `connection ended: ${(error as Error).message}` : 'server closed the watch';
        options.onResume?.(reason);
        const delay = error && !gone && !quiet ? backoffMs : 0;
        if (!quiet) backoffMs = Math.min(backoffMs * 2, 5000);
        setTimeout(() => void (gone ? relist().then(connect) : connect()).catch(() => resume()), delay);
      },
    );
  };

  // A list that fails while the API server restarts is tried again, backing off, for a while.
  const resume = (): void => {
    if (signal?.aborted) return;
    options.onResume?.('resuming after a failed list');
    void retryTransient(`listing ${options.path} again`, relist, { patienceMs: maxOutageMs, ...(signal ? { signal } : {}) })
      .then(connect)
      .catch((error: unknown) => {
        if (!signal?.aborted) queue.fail(error);
      });
  };

  try {
    await relist();
    queue.push({ type: 'SYNCED', receivedAt: Date.now() });
    await connect();
    for (;;) {
      const next = await queue.next();
      if (next === undefined) return;
      yield next;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    controller?.abort();
    queue.close();
  }
}

async function listPath<T>(client: KubeClient, path: string, query: Record<string, string | undefined>): Promise<ListResponse<T>> {
  const url = new URL(client.server + path);
  for (const [k, v] of Object.entries(query)) if (v) url.searchParams.set(k, v);
  try {
    const { status, body } = await getJson(client, url);
    if (status !== 200) throw Object.assign(new Error(`GET ${path}: HTTP ${status}: ${body.slice(0, 300)}`), { statusCode: status });
    return JSON.parse(body) as ListResponse<T>;
  } catch (error) {
    throw toKubeError(error, `listing ${path}`);
  }
}

export function keyOf(object: KubernetesObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** An unbounded async queue that a single consumer awaits. */
class EventQueue<T> {
  private items: T[] = [];
  private waiting: ((value: T | undefined) => void) | undefined;
  private failure: unknown;
  private closed = false;

  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(item);
    } else this.items.push(item);
  }

  fail(error: unknown): void {
    this.failure = error;
    this.close();
  }

  close(): void {
    this.closed = true;
    const resolve = this.waiting;
    this.waiting = undefined;
    resolve?.(undefined);
  }

  async next(): Promise<T | undefined> {
    if (this.items.length > 0) return this.items.shift();
    if (this.failure) throw this.failure;
    if (this.closed) return undefined;
    return new Promise((resolve) => (this.waiting = resolve));
  }
}
