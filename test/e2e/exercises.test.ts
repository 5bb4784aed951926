import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { course, exercises } from '../course.js';
import { failedChecks } from '../../src/course/index.js';
import { gradeExercise } from '../../src/grade/grade.js';
import { Informer, verdictOf } from '../../src/observe/informer.js';
import { applyYaml, freshNamespace, kube, runKindlab } from './helpers.js';
import { openReport } from './report-browser.js';
import { htmlReport } from '../../src/report/html/index.js';

const client = kube();
const exercise = (id: string) => exercises.find((e) => e.id === id)!;
const grade = (id: string, files: string[], lang: 'en' | 'fr' = 'en') => gradeExercise({ client, exercise: exercise(id), lang, files });

describe('exercises graded on the real cluster', () => {
  // Every typical mistake, four at a time (exclusive ones take the cluster lock): the "solve, then
  // check" contract, as an instructor checks it before class. The reference solutions pass in
  // class-solutions.test.ts, in a fenced student namespace, both ways (the student's own grade and
  // the instructor's). Its duration is a figure of bench/, not asserted.
  it('fail each typical mistake on its check, with its hint (`kindlab course check --only mistakes`)', { timeout: 2_400_000 }, async () => {
    const { code, stdout, stderr } = await runKindlab(['course', 'check', '--only', 'mistakes', '--json'], { timeoutMs: 2_300_000 });
    const report = JSON.parse(stdout) as { ok: boolean; rows: Array<{ phase: string; id: string; ok: boolean; expected?: string; got?: string }> };
    expect(report.rows.filter((r) => !r.ok).map((r) => `${r.id}: expected ${r.expected}, got ${r.got}`)).toEqual([]);
    expect(report.rows.length).toBe(course.exercises.reduce((n, e) => n + e.mistakes.length, 0));
    expect(report.rows.every((r) => r.phase === 'mistakes')).toBe(true);
    expect(code, stderr).toBe(0);
  });

  // Issue 24: a correct answer written otherwise than the solution (the image the short way, envFrom
  // and a projected volume, …) passes as the solution does.
  it('pass every correct variant written otherwise than the solution (`kindlab course check --only variants`)', { timeout: 900_000 }, async () => {
    const { code, stdout, stderr } = await runKindlab(['course', 'check', '--only', 'variants', '--json'], { timeoutMs: 850_000 });
    const report = JSON.parse(stdout) as { ok: boolean; rows: Array<{ phase: string; id: string; ok: boolean; expected?: string; got?: string }> };
    expect(report.rows.filter((r) => !r.ok).map((r) => `${r.id}: got ${r.got}`)).toEqual([]);
    expect(report.rows.map((r) => r.id).sort()).toEqual(course.exercises.flatMap((e) => e.variants.map((v) => `${e.definition.id}/${v.name}`)).sort());
    expect(report.rows.length).toBeGreaterThanOrEqual(3);
    expect(code, stderr).toBe(0);
  });

  it('ends a grade that does not pass with the path of its HTML report: the downtime windows of a fragile rollout, in the real browser', { timeout: 300_000 }, async () => {
    const graded = await runKindlab(['grade', 'rolling-update', 'exercises/rolling-update/mistakes/no-readiness-probe']);
    expect(graded.code).toBe(1);
    const path = /report: (\S+\.html)\s*$/.exec(graded.stderr)?.[1];
    expect(path, graded.stderr).toBeDefined();
    const page = await openReport(path!, 'docs/report-grade.png');
    try {
      expect(page.problems).toEqual([]);
      expect(await page.count('.downtime')).toBeGreaterThan(0);
      expect(await page.count('.check-failed')).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('grades work written as `kubectl get -o yaml` prints it: a v1 List, with what the server set', { timeout: 300_000 }, async () => {
    const ns = await freshNamespace(client, 'kindlab-e2e-printed');
    try {
      const { readFileSync } = await import('node:fs');
      const { dump } = (await import('js-yaml')).default;
      await applyYaml(client, readFileSync('exercises/services/solution/app.yaml', 'utf8'), ns.name);
      // Read back as the API server prints them (uid, resourceVersion, status, managedFields, the
      // Service's allocated ClusterIP), while the originals still hold that address.
      const items = [
        ...(await client.apps.listNamespacedDeployment({ namespace: ns.name })).items.map((d) => ({ apiVersion: 'apps/v1', kind: 'Deployment', ...d })),
        ...(await client.core.listNamespacedService({ namespace: ns.name })).items.map((s) => ({ apiVersion: 'v1', kind: 'Service', ...s })),
      ];
      expect(items.some((i) => i.kind === 'Service' && (i.spec as { clusterIP?: string }).clusterIP)).toBe(true);
      const dir = mkdtempSync(join(tmpdir(), 'kindlab-printed-'));
      writeFileSync(join(dir, 'printed.yaml'), dump(JSON.parse(JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }))));
      const result = await grade('services', [join(dir, 'printed.yaml')]);
      expect(result.refused).toBeUndefined();
      expect(failedChecks(result)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.findings.filter((f) => f.rule === 'printed-by-server').map((f) => f.origin)).toEqual([expect.stringMatching(/printed\.yaml:1 \(item 1\)/), expect.stringMatching(/printed\.yaml:1 \(item 2\)/)]);
    } finally {
      await ns.remove();
    }
  });

  it('grades what a student built by hand in their namespace, applying nothing', { timeout: 300_000 }, async () => {
    const ns = await freshNamespace(client, 'kindlab-e2e-byhand');
    try {
      const { readFileSync } = await import('node:fs');
      await applyYaml(client, readFileSync('exercises/self-healing/solution/app.yaml', 'utf8'), ns.name);
      const result = await gradeExercise({ client, exercise: exercise('self-healing'), lang: 'fr', namespace: ns.name });
      expect(failedChecks(result)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.lab!.steps[0]!.title).toBe('Vos manifests font tourner 3 pods');
      // The namespace is the student's: still there, with their Deployment in it.
      expect((await client.apps.listNamespacedDeployment({ namespace: ns.name })).items.map((d) => d.metadata?.name)).toEqual(['hello']);
    } finally {
      await ns.remove();
    }
  });

  it('refuses bad input with one message naming the file or object, and leaves nothing behind', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindlab-grade-'));
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const deployment = (name: string, extra = '') => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${extra}}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: app, image: docker.io/kindlab/demo:1.0.0}]}\n`;
    const empty = mkdtempSync(join(tmpdir(), 'kindlab-empty-'));
    await expect(grade('self-healing', [empty])).rejects.toThrow(/no \.yaml, \.yml or \.json file/);

    const two = await grade('self-healing', [file('two.yaml', `${deployment('a')}---\n${deployment('b')}`)]);
    expect(failedChecks(two)[0]).toMatchObject({ name: 'your objects hold exactly one workload that keeps pods running', message: 'found: a, b' });

    const none = await grade('self-healing', [file('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: only}\ndata: {a: b}\n')]);
    expect(failedChecks(none)[0]).toMatchObject({ name: 'your objects hold exactly one workload that keeps pods running', message: 'found: none' });

    // What grading refuses, `kindlab check` says first: one set of rules (an error each, exit 1).
    const elsewhere = await grade('self-healing', [file('ns.yaml', deployment('c', ', namespace: kube-system'))]);
    expect(elsewhere.refused).toMatchObject({ stage: 'check', message: expect.stringMatching(/ns\.yaml:1 Deployment c: names namespace "kube-system": refused/) });
    const pv = file('pv.yaml', `${deployment('d')}---\napiVersion: v1\nkind: PersistentVolume\nmetadata: {name: mine}\nspec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteOnce], hostPath: {path: /tmp/x}}\n`);
    const clusterWide = await grade('self-healing', [pv]);
    expect(clusterWide.refused).toMatchObject({ stage: 'check', message: expect.stringMatching(/PersistentVolume mine: is cluster-scoped: refused/) });
    const checked = await runKindlab(['check', join(dir, 'ns.yaml'), pv]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/Deployment c[^\n]*names namespace "kube-system": refused/);
    expect(checked.stdout).toMatch(/PersistentVolume mine[^\n]*is cluster-scoped: refused/);

    const huge = await grade('self-healing', [file('huge.yaml', `${deployment('e')}# ${'x'.repeat(5 * 1024 * 1024)}\n`)]);
    expect(huge.refused?.message).toMatch(/huge\.yaml is 5\.0 MiB/);

    const notYaml = await grade('self-healing', [file('notes.yaml', 'this: [is not\n  yaml: at all\n')]);
    expect(notYaml.refused?.stage).toBe('check');
    expect(notYaml.refused?.message).toMatch(/notes\.yaml:\d+:\d+ YAML: malformed YAML/);

    const secret = await grade('config-and-secrets', ['exercises/config-and-secrets/solution']);
    expect(secret.ok).toBe(true);
    const text = JSON.stringify(secret) + htmlReport({ kind: 'grade', result: secret });
    for (const form of ['exercise-S3cr3t-4d1e', Buffer.from('exercise-S3cr3t-4d1e').toString('base64')]) expect(text).not.toContain(form);

    const left = (await client.core.listNamespace({ labelSelector: 'kindlab.dev/lab' })).items.filter((n) => !n.metadata?.deletionTimestamp);
    expect(left.map((n) => n.metadata?.name)).toEqual([]);
  });

  it('stops on Ctrl-C mid-grade, exits 130 and deletes its namespace', { timeout: 300_000 }, async () => {
    const child = spawn('node', ['bin/kindlab.js', 'grade', 'rolling-update', 'exercises/rolling-update/solution'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`grading never got under way:\n${stderr}`)), 180_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('The update to 2.0.0 under traffic')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const namespaces = new Informer(client, '/api/v1/namespaces', { labelSelector: 'kindlab.dev/lab=rolling-update' });
    try {
      await namespaces.waitFor((all) => verdictOf(all.size === 0 ? true : 'still there'), { what: 'the grading namespace gone', timeoutMs: 90_000 });
    } finally {
      namespaces.stop();
    }
  });
});
