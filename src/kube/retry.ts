import pRetry, { AbortError } from 'p-retry';
import type { KindlabError } from '../core/errors.js';
import { isTransient, toKubeError } from './errors.js';

export interface RetryOptions {
  /** How long to keep trying through transient errors (API server restarting, 5xx, reset). */
  patienceMs?: number;
}

/**
 * Runs one API call; transient failures are tried again (backing off) until `patienceMs`,
 * everything else fails at once. The error names what was being done.
 * Only for calls that are safe to repeat (reads, patches, deletes that accept a 404).
 */
export async function retryTransient<T>(what: string, call: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return pRetry(
    async (attempt) => {
      try {
        return await call(attempt);
      } catch (error) {
        const kubeError: KindlabError = toKubeError(error, what);
        // AbortError stops p-retry and rejects with the error it carries.
        throw isTransient(kubeError) ? kubeError : new AbortError(kubeError);
      }
    },
    { retries: Number.POSITIVE_INFINITY, maxRetryTime: options.patienceMs ?? 30_000, minTimeout: 200, maxTimeout: 2000 },
  );
}
