import { KindlabError } from './errors.js';

export interface WaitSpec {
  /** What is awaited, in words: "deployment demo has 3 available replicas". */
  what: string;
  timeoutMs: number;
  /** Ctrl-C or the lab's own deadline: the wait stops at once. */
  signal?: AbortSignal;
  /** Told what is still missing, each time that changes (progress output). */
  onPending?: (verdict: string) => void;
}

/**
 * What {@link Lab.expect} and {@link Lab.eventually} hand back once what they awaited happened.
 *
 * @group Results and options
 */
export interface Met<V> {
  /** What the expectation found (the pods, the node, the message…). */
  value: V;
  /** When what was awaited happened (ms since epoch): the event's arrival, not when it was noticed. */
  metAt: number;
  /** From the start of the wait until then (0 when it already held). */
  elapsedMs: number;
}

/** A wait's deadline passed: what was awaited, and the last thing seen instead of it. */
export class WaitTimeoutError extends KindlabError {
  /** Filled in by whoever diagnoses the failure (pod states, events, logs). */
  diagnosis: string | undefined;

  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastMismatch: string,
  ) {
    super('WAIT_TIMEOUT', `timed out after ${Math.round(timeoutMs / 1000)}s waiting for ${what} (last seen: ${lastMismatch})`);
  }
}

/** What a waiter reports to the wait: met (with the value and when), still pending (why), or broken. */
export interface WaitProgress<V> {
  met(value: V, at?: number): void;
  pending(verdict: string): void;
  fail(error: unknown): void;
}

/** The error a wait ends with when its signal fires: the signal's reason when it is an Error. */
export function abortError(signal: AbortSignal, what: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.name !== 'TimeoutError') return reason;
  return new KindlabError('ABORTED', `stopped waiting for ${what}`, { cause: reason });
}

/**
 * The one wait of kindlab. `start` subscribes to whatever it watches (a watch, a probe loop, a
 * traffic sampler) and reports through `progress`; it returns what unsubscribes. The wait ends on
 * the first of: met, failed, the deadline (WaitTimeoutError with the last verdict), or the signal.
 */
export function waitFor<V>(spec: WaitSpec, start: (progress: WaitProgress<V>) => (() => void) | void): Promise<Met<V>> {
  const started = Date.now();
  if (spec.signal?.aborted) return Promise.reject(abortError(spec.signal, spec.what));
  return new Promise<Met<V>>((resolve, reject) => {
    let last = 'nothing seen yet';
    let settled = false;
    let stop: (() => void) | void;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      // `start` may settle before it returned its unsubscribe: run that once it exists.
      queueMicrotask(() => stop?.());
      outcome();
    };
    const onAbort = () => finish(() => reject(abortError(spec.signal!, spec.what)));
    const timer = setTimeout(() => finish(() => reject(new WaitTimeoutError(spec.what, spec.timeoutMs, last))), spec.timeoutMs);
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    const progress: WaitProgress<V> = {
      met: (value, at = Date.now()) => finish(() => resolve({ value, metAt: at, elapsedMs: Math.max(0, at - started) })),
      pending: (verdict) => {
        if (settled || verdict === last) return;
        last = verdict;
        spec.onPending?.(verdict);
      },
      fail: (error) => finish(() => reject(error)),
    };
    try {
      stop = start(progress);
      if (settled) stop?.();
    } catch (error) {
      progress.fail(error);
    }
  });
}

/**
 * For state no watch can tell (a file's content inside a pod): asks `probe` every `everyMs` until
 * it answers true, within the wait's deadline. The time resolution is `everyMs`.
 */
export function pollUntil(spec: WaitSpec & { everyMs: number }, probe: () => Promise<true | string>): Promise<Met<void>> {
  return waitFor<void>(spec, (progress) => {
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    const round = async () => {
      try {
        const verdict = await probe();
        if (stopped) return;
        if (verdict === true) return progress.met(undefined);
        progress.pending(verdict);
        timer = setTimeout(() => void round(), spec.everyMs);
      } catch (error) {
        progress.fail(error);
      }
    };
    void round();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  });
}
