import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StudentRow } from '../../src/class/board.js';
import { csvCell, toCsv } from '../../src/class/export.js';
import { answerClientErrors, guardedListener } from '../../src/class/guarded-listener.js';
import { admit, bearerToken, cookieValues, hostAllowed, pageGuard, parseTarget, sameSecret, type RequestFacts } from '../../src/class/http-guard.js';
import { boardPage } from '../../src/class/page.js';
import { pageScript } from '../../src/class/page-script.js';
import { rawRequest } from '../raw-http.js';

const token = 'a'.repeat(48);
const guard = pageGuard({ token, host: '127.0.0.1', ownAddresses: ['192.168.1.5'] });
const facts = (over: Partial<RequestFacts>): RequestFacts => ({ method: 'GET', target: '/', host: '127.0.0.1:8080', cookie: undefined, authorization: undefined, port: 8080, ...over });

describe('the class page\'s guard', () => {
  it('compares tokens without throwing on lengths that differ in bytes', () => {
    expect(sameSecret(token, token)).toBe(true);
    expect(sameSecret('b'.repeat(48), token)).toBe(false);
    expect(sameSecret('é'.repeat(48), token)).toBe(false);
    expect(sameSecret('', token)).toBe(false);
    expect(sameSecret('\ud800', token)).toBe(false);
  });

  it('answers only to loopback and the address it listens on, with the port (no rebound name)', () => {
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LocalHost:8080', '[::1]:8080']) expect(hostAllowed(host, guard, 8080), host).toBe(true);
    for (const host of ['rebind.example:8080', '127.0.0.1:8081', '127.0.0.1', '192.168.1.5:8080', '::1:8080', '127.0.0.1:8080.evil', '', undefined]) expect(hostAllowed(host, guard, 8080), String(host)).toBe(false);
    expect(hostAllowed('127.0.0.1', guard, 80)).toBe(true);
    const everywhere = pageGuard({ token, host: '0.0.0.0', ownAddresses: ['127.0.0.1', '192.168.1.5', 'fe80::1'] });
    for (const host of ['0.0.0.0:8080', '192.168.1.5:8080', '[fe80::1]:8080']) expect(hostAllowed(host, everywhere, 8080), host).toBe(true);
    expect(hostAllowed('kindlab.example:8080', pageGuard({ token, host: 'kindlab.example', ownAddresses: [] }), 8080)).toBe(true);
  });

  it('takes a plain path as target, and nothing else', () => {
    expect(parseTarget('/export.csv?x=1')?.pathname).toBe('/export.csv');
    for (const target of ['//[', '//evil.example/x', '/\\evil.example', 'http://evil.example/', '*', '', undefined]) expect(parseTarget(target), String(target)).toBeUndefined();
  });

  it('reads the cookie and the bearer header', () => {
    expect(cookieValues('a=1; kindlab-class-8080=xyz=; b=2', 'kindlab-class-8080')).toEqual(['xyz=']);
    expect(cookieValues(undefined, 'k')).toEqual([]);
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
  });

  it('checks the Host, then the target, the method, the token', () => {
    expect(admit(facts({ host: 'rebind.example:8080', target: '//[' }), guard)).toMatchObject({ kind: 'refuse', status: 421, message: expect.stringContaining('open the URL kindlab printed') });
    expect(admit(facts({ target: '//[' }), guard)).toMatchObject({ status: 400 });
    expect(admit(facts({ method: 'POST' }), guard)).toMatchObject({ status: 405, headers: { Allow: 'GET, HEAD' } });
    expect(admit(facts({}), guard)).toMatchObject({ status: 401, message: 'a token is required: open the URL kindlab printed (http://…/?token=…)\n' });
  });

  it('trades the token in the URL for an HttpOnly, SameSite=Strict cookie that does not hold it, then serves with the cookie or a bearer', () => {
    const signIn = admit(facts({ target: `/?token=${token}` }), guard);
    expect(signIn).toMatchObject({ kind: 'sign-in', location: '/' });
    const cookie = signIn.kind === 'sign-in' ? signIn.cookie : '';
    expect(cookie).toMatch(/^kindlab-class-8080=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(cookie).not.toContain(token);
    const pair = cookie.split(';')[0]!;
    expect(admit(facts({ target: '/events', cookie: `other=1; ${pair}` }), guard)).toEqual({ kind: 'serve', path: '/events' });
    expect(admit(facts({ cookie: pair.replace('8080', '8081') }), guard)).toMatchObject({ status: 401 });
    expect(admit(facts({ cookie: `${pair}x` }), guard)).toMatchObject({ status: 401 });
    expect(admit(facts({ authorization: `Bearer ${token}`, target: '/export.csv' }), guard)).toEqual({ kind: 'serve', path: '/export.csv' });
    expect(admit(facts({ authorization: 'Bearer nope', cookie: pair }), guard)).toMatchObject({ status: 401 });
    for (const wrong of ['nope', encodeURIComponent('é'.repeat(token.length)), '']) expect(admit(facts({ target: `/?token=${wrong}`, cookie: pair }), guard), wrong).toMatchObject({ status: 401 });
  });
});

describe('the class page\'s content', () => {
  it('holds no data, no inline code, and the script writes no markup', () => {
    const html = boardPage('<b>c</b>');
    expect(html).toContain('&lt;b&gt;c&lt;/b&gt;');
    expect(html).not.toMatch(/<script>|<style>|style=|on\w+=/);
    expect(html).toContain('<script src="/app.js" defer></script>');
    expect(pageScript).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });
});

describe('the CSV export', () => {
  it('makes formulas text and quotes what needs it', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", `"'\rx"`]);
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('update_failed_requests = 0')).toBe('update_failed_requests = 0');
    expect(csvCell(false)).toBe('false');
  });

  it('has one line per grade, whatever the record\'s fields hold', () => {
    const grade = { class: 'c', student: 's01', exercise: 'replicas', by: 'self' as const, ok: false, at: '2025-01-01T00:00:00Z', durationMs: 1, failed: ['a', 'b'], figure: '=cmd|x' };
    const row = { id: 's01', name: '@Eve', namespace: 'kl-s01', grades: { replicas: grade, odd: { ...grade, exercise: 'odd', failed: 'not a list' as unknown as string[] } }, running: [], pods: { total: 0, ready: 0, restarts: 0, crashLooping: 0, pendingForQuota: false }, lastChange: 0, stuck: undefined } satisfies StudentRow;
    expect(toCsv([row])).toBe("student,name,exercise,ok,by,at,figure,failed\ns01,'@Eve,replicas,false,self,2025-01-01T00:00:00Z,'=cmd|x,a; b\ns01,'@Eve,odd,false,self,2025-01-01T00:00:00Z,'=cmd|x,not a list\n");
  });
});

describe('a server behind the guard', () => {
  let server: Server;
  let port: number;
  const ok = () => rawRequest(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`);
  beforeAll(async () => {
    server = createServer(
      guardedListener(guard, (_req, res, path) => {
        if (path === '/boom') throw new Error('a bug in a route');
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      }),
    );
    answerClientErrors(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 4xx to malformed and hostile requests, with its headers, and keeps serving', async () => {
    const host = () => `Host: 127.0.0.1:${port}\r\nConnection: close\r\n`;
    const cases: Array<[string, string, number]> = [
      ['a target that is no URL', `GET //[ HTTP/1.1\r\n${host()}\r\n`, 400],
      ['a multibyte token of the right length, raw', `GET /?token=${'é'.repeat(token.length)} HTTP/1.1\r\n${host()}\r\n`, 400],
      ['a multibyte token of the right length, encoded', `GET /?token=${encodeURIComponent('é'.repeat(token.length))} HTTP/1.1\r\n${host()}\r\n`, 401],
      ['headers too large', `GET / HTTP/1.1\r\n${host()}X-Big: ${'a'.repeat(70_000)}\r\n\r\n`, 431],
      ['a method HTTP does not know', `FOO / HTTP/1.1\r\n${host()}\r\n`, 400],
      ['a method the page does not take', `PROPFIND / HTTP/1.1\r\n${host()}\r\n`, 405],
      ['bytes that are no HTTP', '\x00\x01\x02 nothing\r\n\r\n', 400],
      ['a rebound host name', `GET / HTTP/1.1\r\nHost: rebind.example:${port}\r\nConnection: close\r\n\r\n`, 421],
      ['no Host at all', 'GET / HTTP/1.0\r\n\r\n', 421],
      ['no token', `GET / HTTP/1.1\r\n${host()}\r\n`, 401],
      ['a route that throws', `GET /boom HTTP/1.1\r\n${host()}Authorization: Bearer ${token}\r\n\r\n`, 500],
    ];
    for (const [what, bytes, status] of cases) {
      const answer = await rawRequest(port, bytes);
      expect(answer.status, what).toBe(status);
      expect(answer.text, what).toContain("Content-Security-Policy: default-src 'none'");
      expect(answer.text, what).toContain('X-Content-Type-Options: nosniff');
      expect((await ok()).status, `serving after ${what}`).toBe(200);
    }
  });
});
