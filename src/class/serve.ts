import { createServer, type Server, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { KindlabError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import type { KubeClient } from '../kube/client.js';
import { htmlReport } from '../report/html/index.js';
import { ClassBoard } from './board.js';
import { toCsv } from './export.js';
import { answerClientErrors, guardedListener, type Route } from './guarded-listener.js';
import { hostForUrl, newToken, pageGuard } from './http-guard.js';
import { boardPage, pageStyle } from './page.js';
import { pageScript } from './page-script.js';

export interface ServeOptions {
  client: KubeClient;
  className: string;
  port: number;
  /** 127.0.0.1 by default. */
  host: string;
  idleMs: number;
  /** The token the page asks for, wherever it listens (generated if not given). */
  token?: string;
  /** The course's exercises, in its order: the page's columns, graded or not yet. */
  exercises?: string[];
  /** The language of the grades' reports (default en). */
  lang?: Lang;
}

export interface ClassServer {
  /** `http://host:port/?token=…`: the first visit trades the token for a cookie. */
  url: string;
  token: string;
  close(): Promise<void>;
}

/**
 * The instructor's live page: HTML, a script and a style served by Node, rows pushed to the browser
 * as server-sent events the moment a watch sees a change (never a timer polling the API), and exports
 * as CSV and JSON. Every request passes the guard (Host, token); see http-guard.ts.
 */
export async function serveClass(o: ServeOptions): Promise<ClassServer> {
  const token = o.token || newToken();
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

  const files = new Map([
    ['/', { type: 'text/html; charset=utf-8', body: boardPage(o.className) }],
    ['/app.js', { type: 'text/javascript; charset=utf-8', body: pageScript }],
    ['/app.css', { type: 'text/css; charset=utf-8', body: pageStyle }],
  ]);
  const route: Route = (req, res, path) => {
    const file = files.get(path);
    if (file) return void res.writeHead(200, { 'Content-Type': file.type }).end(file.body);
    if (path === '/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
      if (req.method === 'HEAD') return void res.end();
      streams.add(res);
      send(res, 'course', o.exercises ?? []);
      send(res, 'rows', board.rows());
      req.on('close', () => streams.delete(res));
      return;
    }
    if (path === '/export.json') return void res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(board.rows(), null, 2));
    if (path === '/export.csv') return void res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${o.className}.csv"` }).end(toCsv(board.rows()));
    const report = /^\/report\/([a-z0-9-]{1,63})\/([a-z][a-z0-9-]{1,40})$/.exec(path);
    if (report) return void answerReport(res, board, report[1]!, report[2]!, o.lang ?? 'en');
    // The browser asks for an icon on its own: no 404 in the console.
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
  };
  const server = createServer(guardedListener(pageGuard({ token, host: o.host, ownAddresses: ownAddresses() }), route));
  answerClientErrors(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new KindlabError('PORT_TAKEN', `port ${o.port} on ${o.host} is already in use`, { fix: `stop what listens there (\`ss -ltnp 'sport = :${o.port}'\`), or pick another with --port` }) : error),
    );
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address() as { port: number };
  return {
    url: `http://${hostForUrl(o.host)}:${address.port}/?token=${encodeURIComponent(token)}`,
    token,
    close: () => close(server, streams, board, unsubscribe, judge),
  };
}

/** Listening on every address, the page answers to each of this machine's own (a Host that is an IP literal cannot be rebound). */
function ownAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address));
}

function send(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

async function close(server: Server, streams: Set<ServerResponse>, board: ClassBoard, unsubscribe: () => void, judge: NodeJS.Timeout): Promise<void> {
  clearInterval(judge);
  unsubscribe();
  board.stop();
  for (const res of streams) res.end();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/**
 * A grade's HTML report, made from the result stored with its record (chosen as the page chooses
 * the grade). The report is one page with its own inline style and no script: its policy allows
 * exactly that. Every value in it is escaped (a student's record is theirs to write).
 */
function answerReport(res: ServerResponse, board: ClassBoard, student: string, exercise: string, lang: Lang): void {
  const result = board.report(student, exercise);
  if (!result) return void res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`no stored report for ${student}, ${exercise}: grades recorded before this kindlab version, or too large, keep none\n`);
  let html: string;
  try {
    html = htmlReport({ kind: 'grade', result }, { lang });
  } catch {
    return void res.writeHead(422, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`the stored report for ${student}, ${exercise} cannot be read\n`);
  }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': reportPolicy }).end(html);
}

export const reportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
