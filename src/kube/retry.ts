import type { KindlabError } from '../core/errors.js';
import { retry } from '../core/retry.js';
import { isTransient, toKubeError } from './errors.js';

export interface RetryOptions {
  /** How long to keep trying through transient errors (API server restarting, 5xx, reset). */
  patienceMs?: number;
  signal?: AbortSignal;
  /** Which errors are worth another try (default: `isTransient`); `raw` is what client-node threw. */
  retryable?: (error: KindlabError, raw: unknown) => boolean | Promise<boolean>;
  /** Told once, at the first error that is retried (e.g. "the API server is restarting"). */
  onRetry?: (error: KindlabError) => void;
}

/**
 * An API call, retried through what a restarting or busy API server answers (the one retry of
 * core, with the API's notion of transient). Errors name what was being done. Only for calls that
 * are safe to repeat (reads, server-side apply, patches, deletes that accept a 404 later).
 */
export async function retryTransient<T>(what: string, call: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  let raw: unknown;
  return retry<T, KindlabError>(
    async (attempt) => {
      try {
        return await call(attempt);
      } catch (error) {
        raw = error;
        throw error;
      }
    },
    {
      normalize: (error) => toKubeError(error, what),
      retryable: (error) => (options.retryable ? options.retryable(error, raw) : isTransient(error)),
      ...(options.patienceMs === undefined ? {} : { patienceMs: options.patienceMs }),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    },
  );
}
