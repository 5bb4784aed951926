import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { ClassBoard, type StudentRow } from './board.js';
import { boardPage } from './page.js';

export interface ServeOptions {
  client: KubeClient;
  className: string;
  port: number;
  /** 127.0.0.1 by default; any other address requires the token. */
  host: string;
  idleMs: number;
  /** The token asked for when the page is not on loopback (generated if not given). */
  token?: string;
}

export interface ClassServer {
  url: string;
  token: string | undefined;
  close(): Promise<void>;
}

const loopback = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The instructor's live page: plain HTML served by Node, rows pushed to the browser as server-sent
 * events the moment a watch sees a change (never a timer polling the API), and exports as CSV and
 * JSON. On an address other than loopback, every request needs the token.
 */
export async function serveClass(o: ServeOptions): Promise<ClassServer> {
  const token = loopback.has(o.host) ? undefined : (o.token ?? randomBytes(16).toString('hex'));
  const board = new ClassBoard(o.client, { className: o.className, idleMs: o.idleMs });
  await board.ready();
  const streams = new Set<ServerResponse>();
  const unsubscribe = board.subscribe((row) => {
    for (const res of streams) send(res, 'student', row);
  });
  // Idle students become "stuck" with no event at all: the rows are re-judged once a minute (no API call).
  const judge = setInterval(() => {
    for (const res of streams) send(res, 'rows', board.rows());
  }, 60_000);
  judge.unref();

  const server = createServer((req, res) => {
    if (!authorized(req, token)) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8' }).end('a token is required: open the URL kindlab printed (…?token=…)\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://page');
    if (url.pathname === '/') return void res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(boardPage(o.className, token));
    if (url.pathname === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      streams.add(res);
      send(res, 'rows', board.rows());
      req.on('close', () => streams.delete(res));
      return;
    }
    if (url.pathname === '/export.json') return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(board.rows(), null, 2));
    if (url.pathname === '/export.csv') return void res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${o.className}.csv"` }).end(toCsv(board.rows()));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new KindlabError('PORT_TAKEN', `port ${o.port} on ${o.host} is already in use`, { fix: `stop what listens there (\`ss -ltnp 'sport = :${o.port}'\`), or pick another with --port` }) : error),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address() as { port: number };
  return {
    url: `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${address.port}/${token ? `?token=${token}` : ''}`,
    token,
    close: () => close(server, streams, board, unsubscribe, judge),
  };
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return true;
  const given = new URL(req.url ?? '/', 'http://page').searchParams.get('token') ?? req.headers.authorization?.replace(/^Bearer /, '') ?? '';
  return given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

async function close(server: Server, streams: Set<ServerResponse>, board: ClassBoard, unsubscribe: () => void, judge: NodeJS.Timeout): Promise<void> {
  clearInterval(judge);
  unsubscribe();
  board.stop();
  for (const res of streams) res.end();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** One line per student and exercise: who, what, the verdict, by whom, when, the figure. */
export function toCsv(rows: StudentRow[]): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = ['student,name,exercise,ok,by,at,figure,failed'];
  for (const row of rows) {
    for (const g of Object.values(row.grades)) lines.push([row.id, row.name, g.exercise, String(g.ok), g.by, g.at, g.figure ?? '', g.failed.join('; ')].map(quote).join(','));
  }
  return `${lines.join('\n')}\n`;
}
