import { request as httpsRequest, type RequestOptions } from 'node:https';
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
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const options = await requestOptions(client, method, payload === undefined ? {} : { 'Content-Type': contentType });
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { ...options, timeout: timeoutMs }, (response) => {
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

/** A request's options with the kubeconfig's credentials (for requests client-node has no call for). */
export async function requestOptions(client: KubeClient, method: string, headers: Record<string, string> = {}): Promise<RequestOptions> {
  // client-node fills in the credentials: a token in the headers, a client certificate in the agent
  // (one per cluster and user, kept by client-node, so connections are reused).
  const credentials: RequestOptions = {};
  await client.config.applyToHTTPSOptions(credentials);
  return { method, agent: credentials.agent, auth: credentials.auth, headers: { ...(credentials.headers as Record<string, string> | undefined), Accept: 'application/json', ...headers } };
}

export function getJson(client: KubeClient, url: URL, timeoutMs = 30_000): Promise<{ status: number; body: string }> {
  return sendJson(client, 'GET', url, undefined, undefined, timeoutMs);
}
