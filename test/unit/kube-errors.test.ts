import { describe, expect, it } from 'vitest';
import { connectionErrorCode, isTransient, KubeApiError, toKubeError } from '../../src/kube/errors.js';

/** What client-node 2 (undici's fetch) throws: a TypeError whose cause holds the socket's error. */
function fetchFailed(message: string, code: string, causeMessage: string): TypeError {
  return new TypeError(message, { cause: Object.assign(new Error(causeMessage), { code }) });
}

describe('errors from client-node 2 (undici)', () => {
  it('finds the socket code in the cause: nothing listens', () => {
    const error = toKubeError(fetchFailed('fetch failed', 'ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:6443'), 'listing nodes');
    expect(error.message).toBe('listing nodes: the API server is not reachable (ECONNREFUSED)');
    expect(isTransient(error)).toBe(true);
  });

  it('takes a connection the API server closed (undici: UND_ERR_SOCKET) for a reset, worth another try', () => {
    for (const message of ['fetch failed', 'terminated']) {
      const raw = fetchFailed(message, 'UND_ERR_SOCKET', 'other side closed');
      expect(connectionErrorCode(raw)).toBe('ECONNRESET');
      expect(isTransient(toKubeError(raw, 'listing pods'))).toBe(true);
    }
  });

  it('takes a connect timeout (undici: UND_ERR_CONNECT_TIMEOUT) for ETIMEDOUT', () => {
    expect(connectionErrorCode(fetchFailed('fetch failed', 'UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error'))).toBe('ETIMEDOUT');
  });

  it('leaves other undici errors alone', () => {
    const raw = fetchFailed('fetch failed', 'UND_ERR_INVALID_ARG', 'invalid header');
    expect(connectionErrorCode(raw)).toBeUndefined();
    expect(isTransient(toKubeError(raw, 'listing pods'))).toBe(false);
  });
});

describe('a ResourceQuota updated by two writes at once', () => {
  it('is worth another try (nothing was written), unlike any other conflict', () => {
    const quota = new KubeApiError(409, 'Conflict', 'applying Deployment kl-s03/web (test.yaml:1): Operation cannot be fulfilled on resourcequotas "kindlab-budget": the object has been modified; please apply your changes to the latest version and try again');
    expect(isTransient(quota)).toBe(true);
    expect(isTransient(new KubeApiError(409, 'Conflict', 'Operation cannot be fulfilled on deployments.apps "web": the object has been modified'))).toBe(false);
  });
});
