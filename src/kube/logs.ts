import { request as httpsRequest } from 'node:https';
import type { KubeClient } from './client.js';
import { toKubeError } from './errors.js';
import { requestOptions } from './raw.js';

/**
 * Follows a container's log, handing each chunk of text to `onText`, until `signal` aborts or the
 * container ends. Resolves once the log is open (its HTTP status 200). Plain HTTPS rather than
 * client-node's Log: client-node 2 pipes the response with no error listener, so aborting it
 * crashes the process (an unhandled 'error' event).
 */
export async function followLog(client: KubeClient, o: { namespace: string; pod: string; container: string; signal: AbortSignal; onText: (text: string) => void }): Promise<void> {
  const url = new URL(`${client.server}/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods/${encodeURIComponent(o.pod)}/log`);
  url.searchParams.set('container', o.container);
  url.searchParams.set('follow', 'true');
  const options = await requestOptions(client, 'GET');
  const doing = `following the log of ${o.namespace}/${o.pod}`;
  await new Promise<void>((resolve, reject) => {
    const request = httpsRequest(url, { ...options, signal: o.signal }, (response) => {
      // Once open, an abort or a dropped connection only ends the log: what came is kept.
      response.on('error', () => undefined);
      if (response.statusCode !== 200) {
        let body = '';
        response.on('data', (c: Buffer) => (body += c.toString('utf8')));
        response.on('end', () => reject(toKubeError(Object.assign(new Error(`HTTP ${response.statusCode}: ${body.slice(0, 300)}`), { statusCode: response.statusCode, body }), doing)));
        return;
      }
      response.setEncoding('utf8');
      response.on('data', (text: string) => o.onText(text));
      resolve();
    });
    request.on('error', (error) => (o.signal.aborted ? resolve() : reject(toKubeError(error, doing))));
    request.end();
  });
}
