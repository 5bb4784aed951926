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

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  latencyMs: number;
}

/** One GET to a loopback URL; a refused or timed-out request resolves with status 0 and the error. */
export function httpGet(url: string, options: { headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<HttpAnswer & { error?: string }> {
  const target = loopbackUrl(url);
  const started = Date.now();
  return new Promise((resolve) => {
    const req = request(target, { method: 'GET', agent: false, timeout: options.timeoutMs ?? 2000, headers: { Connection: 'close', ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
          body: Buffer.concat(chunks).toString('utf8'),
          latencyMs: Date.now() - started,
        }),
      );
      res.on('error', (e) => resolve({ status: 0, headers: {}, body: '', latencyMs: Date.now() - started, error: e.message }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, headers: {}, body: '', latencyMs: Date.now() - started, error: e.code ?? e.message }));
    req.end();
  });
}
