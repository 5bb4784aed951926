import { ApiException } from '@kubernetes/client-node';
import { KindlabError } from '../core/errors.js';

/** An API server error, reduced once to what matters: status, reason and message. */
export class KubeApiError extends KindlabError {
  readonly status: number;
  readonly reason: string;

  constructor(status: number, reason: string, message: string, cause?: unknown) {
    super('KUBE_API', message, { cause });
    this.status = status;
    this.reason = reason;
  }
}

interface StatusBody {
  reason?: string;
  message?: string;
}

/** Turns whatever client-node threw into a KubeApiError (or a connection error) with a clear message. */
export function toKubeError(error: unknown, doing: string): KindlabError {
  if (error instanceof KindlabError) return error;
  if (error instanceof ApiException) {
    const body = parseBody(error.body);
    const reason = body.reason ?? '';
    return new KubeApiError(error.code, reason, `${doing}: ${body.message ?? `HTTP ${error.code}`}${reason ? ` (${reason})` : ''}`, error);
  }
  const code = connectionErrorCode(error);
  if (code) {
    return new KindlabError('KUBE_UNREACHABLE', `${doing}: the API server is not reachable (${code})`, {
      fix: 'start the cluster with `kindlab up`',
      cause: error,
    });
  }
  return new KindlabError('KUBE_ERROR', `${doing}: ${(error as Error).message ?? String(error)}`, { cause: error });
}

const connectionCodes = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE'];
/** undici's names (client-node 2) for what node-fetch reported with the socket's own code. */
const undiciCodes: Record<string, string> = { UND_ERR_SOCKET: 'ECONNRESET', UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT' };

/** The socket error code (ECONNRESET…) behind an error from client-node, or from toKubeError. */
export function connectionErrorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const raw = (e as { code?: unknown }).code;
    const code = typeof raw === 'string' ? (undiciCodes[raw] ?? raw) : undefined;
    if (code && connectionCodes.includes(code)) return code;
  }
  return undefined;
}

function parseBody(body: unknown): StatusBody {
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body.slice(0, 300) };
    }
  }
  return (body ?? {}) as StatusBody;
}

export function isNotFound(error: unknown): boolean {
  return (error instanceof KubeApiError && error.status === 404) || (error instanceof ApiException && error.code === 404);
}

export function isForbidden(error: unknown): boolean {
  return (error instanceof KubeApiError && error.status === 403) || (error instanceof ApiException && error.code === 403);
}

const quotaConflict = /Operation cannot be fulfilled on resourcequotas/;

function isQuotaConflict(error: unknown): boolean {
  if (error instanceof KubeApiError) return error.status === 409 && quotaConflict.test(error.message);
  if (error instanceof ApiException) return error.code === 409 && quotaConflict.test(String(error.body));
  return false;
}

export function isConflict(error: unknown): boolean {
  return (error instanceof KubeApiError && error.status === 409) || (error instanceof ApiException && error.code === 409);
}

/**
 * Errors worth retrying: the API server restarting, overloaded, or a connection dropped; also a
 * namespace's ResourceQuota updated by another write at the same moment (its admission gave up on
 * the conflict: nothing was written, and the same request succeeds the next time).
 */
export function isTransient(error: unknown): boolean {
  if (isQuotaConflict(error)) return true;
  if (error instanceof KubeApiError) return [429, 500, 502, 503, 504].includes(error.status);
  if (error instanceof ApiException) return [429, 500, 502, 503, 504].includes(error.code);
  if (error instanceof KindlabError) return error.code === 'KUBE_UNREACHABLE';
  const code = (error as { code?: string }).code;
  return code === 'ECONNRESET' || code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'EPIPE';
}
