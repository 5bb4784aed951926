import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { V1Pod } from '@kubernetes/client-node';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exercises } from '../course.js';
import { gradeClass } from '../../src/class/grade-all.js';
import { serveClass, type ClassServer } from '../../src/class/serve.js';
import { canI } from '../../src/kube/access.js';
import { connect, type KubeClient } from '../../src/kube/client.js';
import { Informer, met, notYet, verdictOf } from '../../src/observe/informer.js';
import { applyYaml, kube } from './helpers.js';

const run = promisify(execFile);
const client = kube();
const className = 'e2e';
const dir = mkdtempSync(join(tmpdir(), 'kindlab-class-'));
const kubeconfig = (id: string) => join(dir, `${id}.kubeconfig`);
const as = (id: string): KubeClient => connect({ kubeconfig: kubeconfig(id) });
const kindlab = (...args: string[]) => run('node', ['bin/kindlab.js', ...args], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
const solution = readFileSync('exercises/self-healing/solution/app.yaml', 'utf8');

async function waitFor<T>(what: string, path: string, selector: { labelSelector?: string; fieldSelector?: string }, test: (objects: T[]) => true | string, timeoutMs = 90_000): Promise<number> {
  const informer = new Informer<T & { metadata?: { name?: string } }>(client, path, selector);
  try {
    return (await informer.waitFor((all) => verdictOf(test([...all.values()])), { what, timeoutMs })).metAt;
  } finally {
    informer.stop();
  }
}

describe('a class of 5 on one cluster', () => {
  beforeAll(async () => {
    await kindlab('class', 'down', '--name', className).catch(() => undefined);
    await waitFor('no namespace left of a previous class', '/api/v1/namespaces', { labelSelector: `kindlab.dev/class=${className}` }, (all) => (all.length === 0 ? true : `${all.length} left`));
  }, 200_000);
  afterAll(async () => {
    await kindlab('class', 'down', '--name', className).catch(() => undefined);
  }, 120_000);

  it('comes up with a namespace, rights, a quota and a kubeconfig per student; a second `up` touches nothing', { timeout: 300_000 }, async () => {
    const first = await kindlab('class', 'up', '--name', className, '--students', '5', '--budget', 'small', '--duration', '2h', '--out', dir);
    expect(first.stdout).toMatch(/class e2e: 5 created, 0 kept/);
    const namespaces = (await client.core.listNamespace({ labelSelector: `kindlab.dev/class=${className},kindlab.dev/student` })).items.map((n) => n.metadata!.name).sort();
    expect(namespaces).toEqual(['kl-s01', 'kl-s02', 'kl-s03', 'kl-s04', 'kl-s05']);
    const second = await kindlab('class', 'up', '--name', className, '--students', '5', '--out', dir);
    expect(second.stdout).toMatch(/0 created, 5 kept/);
    expect(readFileSync(join(dir, 'cards.html'), 'utf8')).toContain('kl-s01');
  });

  it('keeps students apart, checked with their own tokens', { timeout: 120_000 }, async () => {
    const me = as('s01');
    expect(await canI(me, { verb: 'create', resource: 'deployments', group: 'apps', namespace: 'kl-s01' })).toBe(true);
    for (const q of [
      { verb: 'get', resource: 'pods', namespace: 'kl-s02' },
      { verb: 'create', resource: 'deployments', group: 'apps', namespace: 'kl-s02' },
      { verb: 'get', resource: 'secrets', namespace: 'kl-s02' },
      { verb: 'list', resource: 'configmaps', namespace: `kindlab-class-${className}` },
      { verb: 'list', resource: 'namespaces' },
      { verb: 'list', resource: 'nodes' },
      { verb: 'create', resource: 'rolebindings', group: 'rbac.authorization.k8s.io', namespace: 'kl-s01' },
      { verb: 'create', resource: 'leases', group: 'coordination.k8s.io', namespace: 'kindlab-system' },
    ]) {
      expect(await canI(me, q), JSON.stringify(q)).toBe(false);
    }
    // Real requests, not only reviews.
    await expect(me.core.listNamespacedPod({ namespace: 'kl-s02' })).rejects.toThrow(/403|Forbidden/);
    await expect(me.core.listNamespacedSecret({ namespace: `kindlab-class-${className}` })).rejects.toThrow(/403|Forbidden/);
    // The quota stops a runaway Deployment: 40 replicas asked, at most the budget's 15 pods.
    await applyYaml(me, solution.replace('replicas: 3', 'replicas: 40').replace('name: hello', 'name: runaway'), 'kl-s01');
    await waitFor('pods refused for quota in kl-s01', '/api/v1/namespaces/kl-s01/events', {}, (events: Array<{ reason?: string; message?: string }>) => (events.some((e) => e.reason === 'FailedCreate' && /exceeded quota/.test(e.message ?? '')) ? true : 'no refusal yet'));
    const pods = (await me.core.listNamespacedPod({ namespace: 'kl-s01' })).items;
    expect(pods.length).toBeLessThanOrEqual(15);
    await kindlab('class', 'reset', 's01', '--name', className);
  });

  it('lets 5 students grade at once with their kubeconfigs, and the instructor grade them all', { timeout: 900_000 }, async () => {
    const graded = await Promise.all(['s01', 's02', 's03', 's04', 's05'].map((id) => kindlab('grade', 'self-healing', 'exercises/self-healing/solution', '--kubeconfig', kubeconfig(id)).then(() => 0, (e: { code?: number; stderr?: string }) => `${id}: exit ${e.code}\n${e.stderr}`)));
    expect(graded).toEqual([0, 0, 0, 0, 0]);
    const own = (await client.core.listConfigMapForAllNamespaces({ labelSelector: `kindlab.dev/class=${className},kindlab.dev/record=self` })).items;
    expect(own.map((c) => c.metadata!.namespace).sort()).toEqual(['kl-s01', 'kl-s02', 'kl-s03', 'kl-s04', 'kl-s05']);
    // Their grading left nothing behind in their namespaces; now each builds it by hand.
    for (const id of ['s01', 's02', 's03', 's04', 's05']) {
      expect((await client.apps.listNamespacedDeployment({ namespace: `kl-${id}` })).items, id).toEqual([]);
      await applyYaml(as(id), solution, `kl-${id}`);
    }
    const results = await gradeClass({ client, className, exercise: exercises.find((e) => e.id === 'self-healing')!, lang: 'en', concurrency: 3 });
    expect(results.map((r) => [r.student, r.result.ok])).toEqual(['s01', 's02', 's03', 's04', 's05'].map((id) => [id, true]));
    const instructor = (await client.core.listNamespacedConfigMap({ namespace: `kindlab-class-${className}`, labelSelector: 'kindlab.dev/record=instructor' })).items;
    expect(instructor).toHaveLength(5);
  });

  describe('the live page, in a real browser', () => {
    let server: ClassServer;
    let browser: Browser;
    beforeAll(async () => {
      server = await serveClass({ client, className, exercises: exercises.map((e) => e.id), port: 0, host: '127.0.0.1', idleMs: 600_000 });
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('shows one row per student, and a change within 2 s of the API event', { timeout: 600_000 }, async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 600 } });
      await page.goto(server.url);
      await page.waitForSelector('text=live · 5 students', { timeout: 10_000 });
      expect(await page.locator('tbody tr').count()).toBe(5);
      // The columns are the course's exercises, in its order, each with the class's progress.
      expect(await page.locator('thead th').allTextContents()).toEqual(['student', 'namespace', 'health', 'last change', ...exercises.map((e) => e.id)]);
      expect(await page.locator('tfoot td[data-exercise="replicas"]').textContent()).toMatch(/^\d+\/5$/);

      // A grade made with a student's kubeconfig: their cell changes within 2 s of the record.
      await kindlab('class', 'reset', 's04', '--name', className);
      const grading = kindlab('grade', 'replicas', 'exercises/replicas/mistakes/two-replicas', '--kubeconfig', kubeconfig('s04')).catch(() => undefined);
      const recorded = await waitFor('s04\'s own record of replicas', '/api/v1/namespaces/kl-s04/configmaps', { labelSelector: 'kindlab.dev/exercise=replicas' }, (all) => (all.length ? true : 'none yet'), 300_000);
      await page.waitForSelector('tr[data-student="s04"] td[data-exercise="replicas"].failed', { timeout: 2000 });
      const cellAfterMs = Date.now() - recorded;
      expect(cellAfterMs).toBeLessThan(2500);
      await grading;

      // A student's pod in CrashLoopBackOff shows within 2 s.
      await as('s05').core.createNamespacedPod({ namespace: 'kl-s05', body: { metadata: { name: 'crasher' }, spec: { containers: [{ name: 'c', image: 'docker.io/library/busybox:1.35.0', command: ['sh', '-c', 'exit 1'] }] } } });
      const looping = await new Informer<V1Pod>(client, '/api/v1/namespaces/kl-s05/pods', { fieldSelector: 'metadata.name=crasher' });
      let seenAt = 0;
      try {
        seenAt = (await looping.waitFor((all) => (all.get('kl-s05/crasher')?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff' ? met(undefined) : notYet('not looping yet')), { what: 'crasher in CrashLoopBackOff', timeoutMs: 120_000 })).metAt;
      } finally {
        looping.stop();
      }
      await page.waitForSelector('tr[data-student="s05"] td.health:has-text("CrashLoopBackOff")', { timeout: 2000 });
      expect(Date.now() - seenAt).toBeLessThan(2500);
      expect(await page.locator('tr[data-student="s05"].stuck').count()).toBe(1);
      mkdirSync('docs', { recursive: true });
      await page.screenshot({ path: 'docs/class-page.png', fullPage: true });
      const csv = await (await fetch(new URL('/export.csv', server.url), { headers: { authorization: `Bearer ${server.token}` } })).text();
      expect(csv).toMatch(/^student,name,exercise,ok,by,at,figure,failed\n/);
      expect(csv).toMatch(/s04,s04,replicas,false,self,/);
    });
  });

  it('empties one namespace on reset, ends one access at once on revoke, and leaves nothing on down', { timeout: 300_000 }, async () => {
    await kindlab('class', 'reset', 's02', '--name', className);
    await waitFor('kl-s02 emptied', '/api/v1/namespaces/kl-s02/pods', {}, (pods) => (pods.length === 0 ? true : `${pods.length} pods`));
    expect((await as('s02').core.listNamespacedPod({ namespace: 'kl-s02' })).items).toEqual([]);
    await kindlab('class', 'revoke', 's03', '--name', className);
    // Its RoleBindings go first (RBAC is not cached), then its token.
    await expect(as('s03').core.listNamespacedPod({ namespace: 'kl-s03' })).rejects.toThrow(/401|403|Unauthorized|Forbidden/);
    // Remembered: a new `up` keeps s03 out, until restored.
    const { stderr } = await kindlab('class', 'up', '--name', className, '--students', '5', '--out', dir).catch((e: { stderr: string }) => e);
    expect(stderr ?? '').toContain('! s03');
    await kindlab('class', 'restore', 's03', '--name', className, '--out', dir);
    expect((await as('s03').core.listNamespacedPod({ namespace: 'kl-s03' })).items).toBeDefined();
    await kindlab('class', 'down', '--name', className);
    await waitFor('every namespace of the class gone', '/api/v1/namespaces', { labelSelector: `kindlab.dev/class=${className}` }, (all) => (all.length === 0 ? true : `${all.length} left`), 180_000);
    const { RbacAuthorizationV1Api } = await import('@kubernetes/client-node');
    expect((await client.config.makeApiClient(RbacAuthorizationV1Api).listNamespacedRole({ namespace: 'kindlab-system', labelSelector: `kindlab.dev/class=${className}` })).items).toEqual([]);
  });

  it('refuses an instructor command run with a student\'s kubeconfig, with one message', { timeout: 60_000 }, async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'kindlab-class2-'));
    await kindlab('class', 'up', '--name', 'e2e-two', '--students', '1', '--out', dir2);
    try {
      const refused = await kindlab('class', 'grade', 'self-healing', '--name', 'e2e-two', '--kubeconfig', join(dir2, 's01.kubeconfig')).catch((e: { stderr: string; code: number }) => e);
      expect((refused as { code: number }).code).toBe(1);
      expect((refused as { stderr: string }).stderr).toMatch(/this kubeconfig is a student's \(rights only in namespace kl-s01\)/);
    } finally {
      await kindlab('class', 'down', '--name', 'e2e-two');
    }
  });
});
