import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { V1Namespace } from '@kubernetes/client-node';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packReport, reportKey, type GradeRecord } from '../../src/class/records.js';
import { reportPolicy, serveClass, type ClassServer } from '../../src/class/serve.js';
import type { GradeResult } from '../../src/grade/grade.js';
import { Informer, verdictOf } from '../../src/observe/informer.js';
import { rawRequest } from '../raw-http.js';
import { kube } from './helpers.js';

const run = promisify(execFile);
const client = kube();
const className = 'e2e-page';
const instructorNs = `kindlab-class-${className}`;
const kindlab = (...args: string[]) => run('node', ['bin/kindlab.js', ...args], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });

/** What a student could write (a self-reported record, their name on the roster), and what the page must show as text. */
const markup = {
  exercise: '<img src=x onerror="window.__xss=1">',
  figure: '<script>window.__xss=2</script><img src=x onerror="window.__xss=5">',
  failed: '<b>bold</b>',
  name: '<img src=x onerror="window.__xss=3">Eve<script>window.__xss=4</script>',
  formula: '=HYPERLINK("x")',
};

/** A grade record of the instructor's, written with the admin client in the instructor's namespace. */
async function writeInstructorRecord(name: string, exerciseLabel: string, record: Omit<GradeRecord, 'class' | 'by' | 'at' | 'durationMs'>, result?: GradeResult): Promise<void> {
  const full: GradeRecord = { class: className, by: 'instructor', at: new Date().toISOString(), durationMs: 1000, ...record };
  const labels = { 'app.kubernetes.io/managed-by': 'kindlab', 'kindlab.dev/class': className, 'kindlab.dev/student': record.student, 'kindlab.dev/exercise': exerciseLabel, 'kindlab.dev/record': 'instructor' };
  const binaryData = result ? { [reportKey]: packReport(result)!.toString('base64') } : undefined;
  await client.core.createNamespacedConfigMap({ namespace: instructorNs, body: { metadata: { name, namespace: instructorNs, labels }, data: { record: JSON.stringify(full) }, ...(binaryData ? { binaryData } : {}) } });
}

/** A failed grade whose result is full of what a student could write: the report must show it as text. */
function hostileResult(): GradeResult {
  const at = Date.now();
  const startedAt = new Date(at - 5000).toISOString();
  return {
    schema: 'kindlab.grade/v1', ok: false, exercise: { id: 'reported', title: 'Reported', section: 'S' }, lang: 'en', files: [], findings: [], startedAt, durationMs: 5000,
    lab: {
      id: 'reported', title: { en: 'Reported', fr: 'Reported' }, section: 'S', status: 'failed', namespace: 'kl-s01', startedAt, durationMs: 5000,
      steps: [{ title: 'step', status: 'failed', durationMs: 3000, checks: [{ name: markup.figure, status: 'failed', durationMs: 2000, deadlineMs: 4000, message: markup.name, hint: markup.failed }] }],
      measurements: [{ name: 'failed_requests', value: 3, unit: 'requests', description: markup.exercise }],
      watches: { opened: 1, resumed: 0 },
      timeline: [],
      events: [
        { kind: 'object', at: at - 4000, resource: 'Pod', change: 'ADDED', name: markup.name, state: 'Pending not-ready' },
        { kind: 'object', at: at - 3000, resource: 'Pod', change: 'MODIFIED', name: markup.name, state: 'Running ready node=n1' },
        { kind: 'traffic', at: at - 2000, ok: 10, failed: 3, versions: { [markup.figure]: 10 }, pods: [markup.name] },
        { kind: 'downtime', at: at - 2000, to: at - 1500, failed: 3 },
        { kind: 'check', at: at - 1000, name: markup.figure, passed: false, detail: markup.name, durationMs: 2000, deadlineMs: 4000 },
      ],
    },
  };
}

async function noClassLeft(): Promise<void> {
  const informer = new Informer<V1Namespace>(client, '/api/v1/namespaces', { labelSelector: `kindlab.dev/class=${className}` });
  try {
    await informer.waitFor((all) => verdictOf(all.size === 0 ? true : `${all.size} namespace(s) left`), { what: `no namespace left of class ${className}`, timeoutMs: 180_000 });
  } finally {
    informer.stop();
  }
}

describe('the class page shows what students write as text, and lets in only the instructor', () => {
  let server: ClassServer;
  let browser: Browser;
  let page: Page;
  let origin: string;
  let port: number;
  const problems: string[] = [];

  beforeAll(async () => {
    await kindlab('class', 'down', '--name', className).catch(() => undefined);
    await noClassLeft();
    await kindlab('class', 'up', '--name', className, '--students', '2', '--out', mkdtempSync(join(tmpdir(), 'kindlab-class-page-')));
    // An exercise id that is markup (a board may drop it as no exercise id: then it must not show at all).
    await writeInstructorRecord('grade-s01-img', 'x', { student: 's01', exercise: markup.exercise, ok: false, failed: [markup.failed], figure: markup.figure });
    await writeInstructorRecord('grade-s01-markup', 'markup', { student: 's01', exercise: 'markup', ok: false, failed: [markup.failed], figure: markup.figure });
    await writeInstructorRecord('grade-s02-formula', 'formula', { student: 's02', exercise: 'formula', ok: true, failed: [], figure: markup.formula });
    await writeInstructorRecord('grade-s01-reported', 'reported', { student: 's01', exercise: 'reported', ok: false, failed: ['x'] }, hostileResult());
    const ns = await client.core.readNamespace({ name: 'kl-s02' });
    ns.metadata!.annotations = { ...ns.metadata!.annotations, 'kindlab.dev/student-name': markup.name };
    await client.core.replaceNamespace({ name: 'kl-s02', body: ns });

    server = await serveClass({ client, className, port: 0, host: '127.0.0.1', idleMs: 600_000 });
    origin = new URL(server.url).origin;
    port = Number(new URL(server.url).port);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 500 } });
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()}`)));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    // Before any script of the page's: a CSP violation is an event, not always a console line.
    await page.addInitScript({ content: "window.__violations = []; document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));" });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await kindlab('class', 'down', '--name', className).catch(() => undefined);
  }, 200_000);

  it('trades the token for a cookie on the first visit, and renders markup as text with no script run', { timeout: 120_000 }, async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    await page.goto(server.url);
    await page.waitForSelector('text=live · 2 students', { timeout: 15_000 });
    expect(page.url()).toBe(`${origin}/`);
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({ name: `kindlab-class-${port}`, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie!.value).not.toContain(server.token);
    expect(await page.evaluate('document.cookie')).toBe('');

    await page.waitForSelector('tr[data-student="s01"] td[data-exercise="markup"].failed', { timeout: 10_000 });
    await page.waitForSelector('tr[data-student="s02"] td[data-exercise="formula"].passed', { timeout: 10_000 });
    expect(await page.locator('tr[data-student="s01"] td[data-exercise="markup"]').textContent()).toBe(`failed · ${markup.figure}`);
    expect(await page.locator('tr[data-student="s01"].stuck .why').textContent()).toContain('failing: ');
    expect(await page.locator('tr[data-student="s02"] td').first().textContent()).toBe(markup.name);
    const table = (await page.locator('table').textContent()) ?? '';
    expect(table).toContain('<script>window.__xss=2</script>');
    expect(table).toContain(markup.name);
    // The exercise that is markup: shown as text, or not at all.
    if (table.includes('onerror="window.__xss=1"')) expect(await page.locator('th', { hasText: markup.exercise }).count()).toBe(1);
    expect(await page.locator('table img, table script, table b').count()).toBe(0);
    // The style came from /app.css (CSP allows no inline style): the stuck row is tinted.
    expect(await page.evaluate(`getComputedStyle(document.querySelector('tr[data-student="s01"]')).backgroundColor`)).toBe('rgb(255, 241, 240)');
    await page.waitForTimeout(500);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.evaluate('window.__violations')).toEqual([]);
    expect(problems).toEqual([]);
    mkdirSync('docs', { recursive: true });
    await page.screenshot({ path: 'docs/class-page-escaped.png', fullPage: true });

    // The policy is in force: a script injected inline is refused, and reported.
    await page.evaluate("(() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.head.append(s); })()");
    expect(await page.evaluate('window.__inline')).toBeUndefined();
    expect(await page.evaluate('window.__violations.length')).toBeGreaterThan(0);
  });

  it('links a grade to its report, kept with the record: opened in the browser, what a student wrote stays text', { timeout: 120_000 }, async () => {
    const link = page.locator('tr[data-student="s01"] td[data-exercise="reported"] a');
    await link.waitFor({ timeout: 10_000 });
    expect(await link.getAttribute('href')).toBe('/report/s01/reported');
    // A grade recorded without its result has no link.
    expect(await page.locator('tr[data-student="s02"] td[data-exercise="formula"] a').count()).toBe(0);
    const answer = await fetch(`${origin}/report/s01/reported`, { headers: { authorization: `Bearer ${server.token}` } });
    expect(answer.headers.get('content-security-policy')).toBe(reportPolicy);
    // As the instructor would: a click on the cell, the report in the same tab (the cookie goes with it).
    const before = problems.length;
    await link.click();
    await page.waitForURL(`${origin}/report/s01/reported`);
    const text = (await page.locator('body').textContent()) ?? '';
    expect(text).toContain(markup.figure);
    expect(text).toContain(markup.name);
    expect(await page.locator('body script, body img, body b').count()).toBe(0);
    expect(await page.locator('.downtime').count()).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.evaluate('window.__violations')).toEqual([]);
    expect(problems.slice(before)).toEqual([]);
    await page.goBack();
    await page.waitForSelector('text=live · 2 students', { timeout: 15_000 });
    expect((await fetch(`${origin}/report/s02/formula`, { headers: { authorization: `Bearer ${server.token}` } })).status).toBe(404);
    expect((await fetch(`${origin}/report/s01/reported`)).status).toBe(401);
  });

  it('never writes the token into what it serves, and asks for it on every request', { timeout: 60_000 }, async () => {
    const [cookie] = await page.context().cookies();
    const withCookie = { headers: { cookie: `${cookie!.name}=${cookie!.value}` } };
    const html = await fetch(`${origin}/`, withCookie);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-security-policy')).toBe("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.headers.get('referrer-policy')).toBe('no-referrer');
    for (const body of [await html.text(), await (await fetch(`${origin}/app.js`, withCookie)).text()]) expect(body).not.toContain(server.token);

    const anonymous = await fetch(`${origin}/export.json`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).toContain('open the URL kindlab printed');
    expect((await fetch(`${origin}/`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const rebound = await rawRequest(port, `GET / HTTP/1.1\r\nHost: rebind.example:${port}\r\nAuthorization: Bearer ${server.token}\r\nConnection: close\r\n\r\n`);
    expect(rebound.status).toBe(421);
  });

  it('answers a malformed request 400 and goes on serving', { timeout: 60_000 }, async () => {
    const malformed = await rawRequest(port, `GET //[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(malformed.status).toBe(400);
    expect((await fetch(`${origin}/`, { headers: { authorization: `Bearer ${server.token}` } })).status).toBe(200);
    await page.reload();
    await page.waitForSelector('text=live · 2 students', { timeout: 10_000 });
  });

  it('exports CSV whose cells no spreadsheet runs as formulas', { timeout: 60_000 }, async () => {
    const csv = await (await fetch(`${origin}/export.csv`, { headers: { authorization: `Bearer ${server.token}` } })).text();
    expect(csv).toMatch(/^student,name,exercise,ok,by,at,figure,failed\n/);
    expect(csv).toContain(`s02,"${markup.name.replace(/"/g, '""')}",formula,true,instructor,`);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).not.toMatch(/(^|,)"?=/m);
  });
});
