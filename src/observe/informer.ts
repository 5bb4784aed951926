import type { KubernetesObject } from '@kubernetes/client-node';
import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { keyOf, watchResource, type WatchEvent } from '../kube/watch.js';

/**
 * A condition over the current objects: true when met, otherwise a short description of what is
 * still missing (shown when the wait times out, like "2/3 pods Ready").
 */
export type Condition<T extends KubernetesObject> = (objects: ReadonlyMap<string, T>, event: WatchEvent<T> | undefined) => true | string;

export interface WaitOptions {
  /** What is awaited, in words: "deployment demo has 3 available replicas". */
  what: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Told what is still missing, each time that changes (for progress output). */
  onPending?: (verdict: string) => void;
}

export interface WaitResult {
  /** When the event that made the condition true was received (ms since epoch). */
  metAt: number;
  /** Time from the start of the wait until then. */
  elapsedMs: number;
}

/** Raised when a wait's deadline passes; carries the last mismatch and, once diagnosed, a diagnosis. */
export class WaitTimeoutError extends KindlabError {
  diagnosis: string | undefined;

  constructor(readonly what: string, readonly timeoutMs: number, readonly lastMismatch: string) {
    super('WAIT_TIMEOUT', `timed out after ${(timeoutMs / 1000).toFixed(0)}s waiting for ${what} (last seen: ${lastMismatch})`);
  }
}

type Listener<T extends KubernetesObject> = (event: WatchEvent<T>) => void;

/**
 * One long-lived watch of a collection, with its current objects cached, shared by every wait on
 * that collection (client-node opens an HTTPS agent per watch: keep them few and long-lived).
 */
export class Informer<T extends KubernetesObject> {
  readonly objects = new Map<string, T>();
  private readonly listeners = new Set<Listener<T>>();
  private readonly abort = new AbortController();
  private readonly synced: Promise<void>;
  private resumes = 0;

  constructor(
    client: KubeClient,
    readonly path: string,
    options: { labelSelector?: string; fieldSelector?: string; onEvent?: Listener<T> } = {},
  ) {
    let markSynced!: () => void;
    let failSync!: (e: unknown) => void;
    this.synced = new Promise((resolve, reject) => {
      markSynced = resolve;
      failSync = reject;
    });
    if (options.onEvent) this.listeners.add(options.onEvent);
    const events = watchResource<T>(client, {
      path,
      ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
      ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
      signal: this.abort.signal,
      onResume: () => this.resumes++,
    });
    void (async () => {
      try {
        for await (const event of events) {
          if (event.type === 'SYNCED') {
            markSynced();
            continue;
          }
          if (event.type === 'DELETED') this.objects.delete(keyOf(event.object));
          else this.objects.set(keyOf(event.object), event.object);
          for (const listener of [...this.listeners]) listener(event);
        }
        markSynced();
      } catch (error) {
        failSync(error);
      }
    })();
  }

  /** Resolves once the initial list is in the cache. */
  ready(): Promise<void> {
    return this.synced;
  }

  /** How many times the watch connection was resumed (or relisted). */
  get resumeCount(): number {
    return this.resumes;
  }

  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Waits until `condition` holds, checking it on every event (never polling). Resolves with the
   * time of the event that made it true; throws WaitTimeoutError with the last mismatch.
   */
  async waitFor(condition: Condition<T>, options: WaitOptions): Promise<WaitResult> {
    await this.ready();
    const started = Date.now();
    let last = condition(this.objects, undefined);
    if (last === true) return { metAt: started, elapsedMs: 0 };
    options.onPending?.(last);
    return new Promise<WaitResult>((resolve, reject) => {
      const finish = (error?: Error, result?: WaitResult) => {
        clearTimeout(timer);
        unsubscribe();
        options.signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve(result!);
      };
      const onAbort = () => finish(new KindlabError('ABORTED', `stopped waiting for ${options.what}`));
      const unsubscribe = this.subscribe((event) => {
        const verdict = condition(this.objects, event);
        if (verdict === true) finish(undefined, { metAt: event.receivedAt, elapsedMs: event.receivedAt - started });
        else if (verdict !== last) {
          last = verdict;
          options.onPending?.(verdict);
        }
      });
      const timer = setTimeout(() => finish(new WaitTimeoutError(options.what, options.timeoutMs, typeof last === 'string' ? last : 'unknown')), options.timeoutMs);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  stop(): void {
    this.abort.abort();
    this.listeners.clear();
  }
}
