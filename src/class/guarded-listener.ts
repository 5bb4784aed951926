import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { admit, securityHeaders, type PageGuard } from './http-guard.js';

/** What the page serves, once a request is admitted: `path` is the URL's path, already parsed. */
export type Route = (req: IncomingMessage, res: ServerResponse, path: string) => void;

const plainText = { 'Content-Type': 'text/plain; charset=utf-8' };

/**
 * Every request through the guard, with the security headers on every answer; a route that throws
 * answers 500 (or cuts the connection) instead of taking the server down.
 */
export function guardedListener(guard: PageGuard, route: Route): RequestListener {
  return (req, res) => {
    try {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      const facts = { method: req.method, target: req.url, host: req.headers.host, cookie: req.headers.cookie, authorization: req.headers.authorization, port: req.socket.localPort ?? 0 };
      const admission = admit(facts, guard);
      if (admission.kind === 'refuse') return void res.writeHead(admission.status, { ...plainText, ...admission.headers }).end(admission.message);
      if (admission.kind === 'sign-in') return void res.writeHead(303, { Location: admission.location, 'Set-Cookie': admission.cookie }).end();
      route(req, res, admission.path);
    } catch {
      if (res.headersSent) res.destroy();
      else res.writeHead(500, plainText).end('internal error\n');
    }
  };
}

/**
 * What Node cannot parse (a malformed request line, a bad method, headers too large) gets a short
 * plain answer and the socket closed; Node's own default would not carry the security headers.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A response already under way on this connection (keep-alive): no room for another one.
    const busy = (socket as Duplex & { _httpMessage?: ServerResponse })._httpMessage?.headersSent;
    if (error.code === 'ECONNRESET' || !socket.writable || busy) return void socket.destroy();
    const [status, reason] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? [408, 'Request Timeout'] : [400, 'Bad Request'];
    const body = `${reason.toLowerCase()}\n`;
    const head = [`HTTP/1.1 ${status} ${reason}`, 'Content-Type: text/plain; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', ...Object.entries(securityHeaders).map(([n, v]) => `${n}: ${v}`)];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  });
}
