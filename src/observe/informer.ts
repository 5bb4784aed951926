import type { KubernetesObject } from '@kubernetes/client-node';
import { KindlabError, messageOf } from '../core/errors.js';
import { waitFor, type Met, type WaitSpec } from '../core/wait.js';
import type { KubeClient } from '../kube/client.js';
import { keyOf, watchResource, type WatchEvent } from '../kube/watch.js';

/** A condition met (with the value it hands back) or not yet (with what is missing, in words). */
export type Verdict<V> = { met: true; value: V } | { met: false; why: string };

export const met = <V>(value: V): Verdict<V> => ({ met: true, value });
export const notYet = (why: string): Verdict<never> => ({ met: false, why });
/** For conditions written as "true, or what is missing". */
export const verdictOf = (result: true | string): Verdict<void> => (result === true ? met(undefined) : notYet(result));

/** A condition over the current objects, checked on every event of the watch. */
export type Condition<T extends KubernetesObject, V> = (objects: ReadonlyMap<string, T>, event: WatchEvent<T> | undefined) => Verdict<V>;

type Listener<T extends KubernetesObject> = (event: WatchEvent<T>) => void;

/**
 * One long-lived watch of a collection, with its current objects cached, shared by every wait on
 * that collection (client-node opens an HTTPS agent per watch: keep them few and long-lived). A
 * watch that gives up (an outage longer than the watch rides out, a Forbidden) fails every wait on
 * it with its own error, never a stale "last seen".
 */
export class Informer<T extends KubernetesObject> {
  private readonly cache = new Map<string, T>();
  private readonly listeners = new Set<Listener<T>>();
  private readonly failureListeners = new Set<(error: Error) => void>();
  private readonly abort = new AbortController();
  private readonly synced: Promise<void>;
  private failure: Error | undefined;
  private resumes = 0;

  constructor(
    client: KubeClient,
    readonly path: string,
    options: { labelSelector?: string; fieldSelector?: string; onEvent?: Listener<T> } = {},
  ) {
    let markSynced!: () => void;
    this.synced = new Promise((resolve) => (markSynced = resolve));
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
          if (event.type === 'DELETED') this.cache.delete(keyOf(event.object));
          else this.cache.set(keyOf(event.object), event.object);
          for (const listener of [...this.listeners]) listener(event);
        }
      } catch (error) {
        this.failure = new KindlabError('WATCH_FAILED', `the watch of ${path} stopped: ${messageOf(error)}`, { cause: error });
        for (const listener of [...this.failureListeners]) listener(this.failure);
      }
      markSynced();
    })();
  }

  /** Resolves once the initial list is in the cache; rejects with the watch's error if it failed. */
  async ready(): Promise<void> {
    await this.synced;
    if (this.failure) throw this.failure;
  }

  /** The cached objects, once synced (the watch's error if it failed). */
  async current(): Promise<T[]> {
    await this.ready();
    return [...this.cache.values()];
  }

  /** The cached objects now, without waiting: only for those who awaited `ready()` before. */
  get objects(): ReadonlyMap<string, T> {
    if (this.failure) throw this.failure;
    return this.cache;
  }

  get resumeCount(): number {
    return this.resumes;
  }

  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Waits until `condition` holds, checking it on every event (never polling). Resolves with the
   * value the condition handed back and the time of the event that made it true.
   */
  async waitFor<V>(condition: Condition<T, V>, spec: WaitSpec): Promise<Met<V>> {
    await this.ready();
    return waitFor<V>(spec, (progress) => {
      const evaluate = (event?: WatchEvent<T>) => {
        const verdict = condition(this.cache, event);
        if (verdict.met) progress.met(verdict.value, event?.receivedAt);
        else progress.pending(verdict.why);
      };
      evaluate();
      const unsubscribe = this.subscribe(evaluate);
      this.failureListeners.add(progress.fail);
      if (this.failure) progress.fail(this.failure);
      return () => {
        unsubscribe();
        this.failureListeners.delete(progress.fail);
      };
    });
  }

  stop(): void {
    this.abort.abort();
    this.listeners.clear();
    this.failureListeners.clear();
  }
}
