import { request } from 'node:http';
import { KindlabError } from '../core/errors.js';

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** kindlab only sends traffic from the host to loopback (kind's port mappings), never elsewhere. */
export function loopbackUrl(url: string): URL {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' || !loopback.has(parsed.hostname)) {
    throw new KindlabError('NOT_LOOPBACK', `kindlab only sends HTTP to loopback (kind's port mappings), not ${url}`);
  }
  return parsed;
}

/**
 * An HTTP answer to one GET of {@link Lab.http}.
 *
 * @group Results and options
 */
export interface HttpAnswer {
  /** The HTTP status; 0 when no answer came (then `error` says why). */
  status: number;
  /** Its headers, lowercase (the demo app's x-pod and x-version name who answered). */
  headers: Record<string, string>;
  body: string;
  /** From sending the request to the complete answer. */
  latencyMs: number;
}

export interface HttpGetOptions {
  headers?: Record<string, string>;
  /** No complete answer by then: the request fails with "timeout after N ms". */
  timeoutMs?: number;
  /** Abandons the request at once (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * One GET to a loopback URL, on a new connection (as separate clients would). A refused, reset or
 * timed-out request resolves with status 0 and the error's code; it never throws.
 */
export function httpGet(url: string | URL, options: HttpGetOptions = {}): Promise<HttpAnswer & { error?: string }> {
  const target = typeof url === 'string' ? loopbackUrl(url) : url;
  const timeoutMs = options.timeoutMs ?? 2000;
  const started = Date.now();
  return new Promise((resolve) => {
    const failed = (error: string) => resolve({ status: 0, headers: {}, body: '', latencyMs: Date.now() - started, error });
    const req = request(target, { method: 'GET', agent: false, timeout: timeoutMs, headers: { Connection: 'close', ...options.headers }, ...(options.signal ? { signal: options.signal } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => failed(e.message));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
          body: Buffer.concat(chunks).toString('utf8'),
          latencyMs: Date.now() - started,
        }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => failed(e.name === 'AbortError' ? 'aborted' : (e.code ?? e.message)));
    req.end();
  });
}
