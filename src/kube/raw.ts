import type { Agent } from 'node:https';
import { request as httpsRequest } from 'node:https';
import type { KubeClient } from './client.js';

/**
 * A plain request with the kubeconfig's credentials, for what client-node has no typed call for
 * (generic lists, /readyz, the pods/resize subresource).
 */
export async function sendJson(
  client: KubeClient,
  method: 'GET' | 'PATCH' | 'POST' | 'PUT' | 'DELETE',
  pathOrUrl: string | URL,
  body?: unknown,
  contentType = 'application/json',
  timeoutMs = 30_000,
): Promise<{ status: number; body: string }> {
  const url = typeof pathOrUrl === 'string' ? new URL(client.server + pathOrUrl) : pathOrUrl;
  const init = (await client.config.applyToFetchOptions({ method })) as { agent?: Agent; headers?: { forEach?: (f: (value: string, key: string) => void) => void } & Record<string, unknown> };
  const payload = body === undefined ? undefined : JSON.stringify(body);
  // client-node hands a fetch Headers object (a token lives there; a client certificate, in the agent).
  const auth: Record<string, string> = {};
  if (typeof init.headers?.forEach === 'function') init.headers.forEach((value, key) => (auth[key] = value));
  else Object.assign(auth, init.headers);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...auth, Accept: 'application/json' };
    if (payload !== undefined) headers['Content-Type'] = contentType;
    const request = httpsRequest(url, { method, agent: init.agent, headers, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${url.pathname} timed out after ${timeoutMs} ms`)));
    request.on('error', reject);
    request.end(payload);
  });
}

export function getJson(client: KubeClient, url: URL, timeoutMs = 30_000): Promise<{ status: number; body: string }> {
  return sendJson(client, 'GET', url, undefined, undefined, timeoutMs);
}
