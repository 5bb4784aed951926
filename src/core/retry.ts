import pRetry, { AbortError } from 'p-retry';
import { abortError } from './wait.js';

export interface RetryOptions<E = unknown> {
  /** How long to keep trying (default 30 s). */
  patienceMs?: number;
  signal?: AbortSignal;
  /** Which failures are worth another try (default: every one). */
  retryable?: (error: E) => boolean | Promise<boolean>;
  /** Told once, at the first failure that is tried again. */
  onRetry?: (error: E) => void;
  /** How failures are normalized before they are judged and thrown (p-retry rethrows non-Errors untried). */
  normalize?: (error: unknown) => E;
}

/**
 * The one retry of kindlab: runs `call`, trying a retryable failure again (backing off from 200 ms
 * to 2 s) until `patienceMs` has passed; anything else fails at once. Ctrl-C stops it.
 */
export async function retry<T, E = unknown>(call: (attempt: number) => Promise<T>, options: RetryOptions<E> = {}): Promise<T> {
  const normalize = options.normalize ?? ((e: unknown) => e as E);
  let told = false;
  try {
    return await pRetry(
      async (attempt) => {
        try {
          return await call(attempt);
        } catch (raw) {
          const error = normalize(raw);
          if (options.signal?.aborted || !(await (options.retryable?.(error) ?? true))) throw new AbortError(error as Error);
          if (!told) {
            told = true;
            options.onRetry?.(error);
          }
          throw error;
        }
      },
      { retries: Number.POSITIVE_INFINITY, maxRetryTime: options.patienceMs ?? 30_000, minTimeout: 200, maxTimeout: 2000, ...(options.signal ? { signal: options.signal } : {}) },
    );
  } catch (error) {
    if (options.signal?.aborted) throw abortError(options.signal, 'a retried call');
    throw error;
  }
}
