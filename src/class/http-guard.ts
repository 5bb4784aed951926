import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Who may ask the instructor's page what, decided from a request's few facts, with no I/O: the Host
 * (against DNS rebinding), the target, the method, then the token (in the query once, then a cookie,
 * or a bearer header). The page shows what students wrote, so nothing gets through by default.
 */

/** Sent with every answer: the page runs only its own script and style, and nothing may frame it. */
export const securityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

export interface PageGuard {
  token: string;
  /** What the Host header may name (before `:port`), lower case, IPv6 in brackets. */
  hostnames: ReadonlySet<string>;
}

export interface RequestFacts {
  method: string | undefined;
  target: string | undefined;
  host: string | undefined;
  cookie: string | undefined;
  authorization: string | undefined;
  /** The port the request came in on (the Host header must name it). */
  port: number;
}

export type Admission =
  | { kind: 'refuse'; status: number; message: string; headers?: Record<string, string> }
  /** The right token in the URL: trade it for a cookie, and drop it from the address bar. */
  | { kind: 'sign-in'; location: '/'; cookie: string }
  | { kind: 'serve'; path: string };

export const newToken = (): string => randomBytes(24).toString('hex');

const loopbackNames = ['127.0.0.1', 'localhost', '::1'];
const wildcards = new Set(['0.0.0.0', '::', '']);

/** Loopback, the address listened on and, when that is every address, each of this machine's own. */
export function pageGuard(o: { token: string; host: string; ownAddresses: string[] }): PageGuard {
  const names = [...loopbackNames, o.host, ...(wildcards.has(o.host) ? o.ownAddresses : [])].filter(Boolean);
  return { token: o.token, hostnames: new Set(names.map(hostForUrl).map((n) => n.toLowerCase())) };
}

export const hostForUrl = (address: string): string => (address.includes(':') ? `[${address}]` : address);

export function hostAllowed(host: string | undefined, guard: PageGuard, port: number): boolean {
  if (!host) return false;
  const match = /^(.+?)(?::(\d+))?$/.exec(host.toLowerCase());
  if (!match?.[1] || !guard.hostnames.has(match[1])) return false;
  // A browser leaves out the default port.
  return match[2] === undefined ? port === 80 : Number(match[2]) === port;
}

/** The request's path and query, or undefined for a target that is not a plain path (`//[`, `http://…`, `*`). */
export function parseTarget(target: string | undefined): URL | undefined {
  if (!target?.startsWith('/')) return undefined;
  try {
    const url = new URL(target, 'http://page');
    return url.origin === 'http://page' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Equal or not, in a time that does not tell how much matched; never throws on lengths that differ. */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The cookie's name carries the port: two pages on one machine keep their own. */
export const cookieName = (port: number): string => `kindlab-class-${port}`;

/** What the cookie holds: derived from the token (cookie-safe characters), not the token itself. */
export const sessionOf = (token: string): string => createHmac('sha256', token).update('kindlab class page session').digest('base64url');

export const sessionCookie = (token: string, port: number): string => `${cookieName(port)}=${sessionOf(token)}; HttpOnly; SameSite=Strict; Path=/`;

export function cookieValues(header: string | undefined, name: string): string[] {
  return (header ?? '').split(';').flatMap((pair) => {
    const at = pair.indexOf('=');
    return at > 0 && pair.slice(0, at).trim() === name ? [pair.slice(at + 1).trim()] : [];
  });
}

export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '')?.[1];
}

const plain = (status: number, message: string, headers?: Record<string, string>): Admission => ({ kind: 'refuse', status, message: `${message}\n`, ...(headers ? { headers } : {}) });

export function admit(r: RequestFacts, guard: PageGuard): Admission {
  // Names no address: whoever rebinds a name to this machine could read the answer.
  if (!hostAllowed(r.host, guard, r.port)) return plain(421, 'this page answers only to loopback or the --host address, with its port: open the URL kindlab printed');
  const url = parseTarget(r.target);
  if (!url) return plain(400, 'malformed request target');
  if (r.method !== 'GET' && r.method !== 'HEAD') return plain(405, 'only GET and HEAD', { Allow: 'GET, HEAD' });
  const refused = plain(401, 'a token is required: open the URL kindlab printed (http://…/?token=…)');
  const inQuery = url.searchParams.get('token');
  if (inQuery !== null) return sameSecret(inQuery, guard.token) ? { kind: 'sign-in', location: '/', cookie: sessionCookie(guard.token, r.port) } : refused;
  const bearer = bearerToken(r.authorization);
  const session = sessionOf(guard.token);
  const allowed = bearer !== undefined ? sameSecret(bearer, guard.token) : cookieValues(r.cookie, cookieName(r.port)).some((v) => sameSecret(v, session));
  return allowed ? { kind: 'serve', path: url.pathname } : refused;
}
