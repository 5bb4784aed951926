/**
 * A class of 30 on the kindlab cluster:
 *  - `kindlab class up` time for 30 students (tiny budget: a 2-core machine);
 *  - the live page's update latency in a real browser (headless chromium): a grade record written
 *    through the API → the student's cell changed on the page, p50 / p95 over 30 changes;
 *  - 30 namespaces graded by the instructor at concurrency K (the self-healing exercise on a
 *    hand-applied solution): wall time, and each grade's figures against one student graded alone.
 *
 *   npx tsx bench/class.mts [K]        (default K=3; needs the kindlab cluster and /usr/bin/chromium)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { exercises } from '../test/course.js';
import { budgetNamed } from '../src/class/budget.js';
import { gradeClass } from '../src/class/grade-all.js';
import { gradeExercise } from '../src/grade/grade.js';
import { classDown, classUp } from '../src/class/lifecycle.js';
import { instructorNamespace } from '../src/class/objects.js';
import { writeRecord } from '../src/class/records.js';
import { numberedStudents } from '../src/class/roster.js';
import { serveClass } from '../src/class/serve.js';
import { applyObjects } from '../src/kube/apply.js';
import { connect } from '../src/kube/client.js';
import { clusterScopes, scopeManifests } from '../src/kube/intake.js';
import { parseManifests } from '../src/kube/manifests.js';

const K = Number(process.argv[2] ?? 3);
const className = 'bench';
const client = connect();
const students = numberedStudents(30);
const pct = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))]!;

await classDown(client, className);
const up = await classUp({ client, className, students, budget: budgetNamed('tiny'), durationSeconds: 3600, outDir: mkdtempSync(join(tmpdir(), 'kindlab-bench-class-')) });
console.log(`class up, 30 students: ${(up.durationMs / 1000).toFixed(1)} s`);

const server = await serveClass({ client, className, port: 0, host: '127.0.0.1', idleMs: 600_000 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
const page = await browser.newPage();
await page.goto(server.url);
await page.waitForSelector('text=live · 30 students');
const latencies: number[] = [];
for (const s of students) {
  const before = Date.now();
  await writeRecord(client, instructorNamespace(className), { class: className, student: s.id, exercise: 'latency', by: 'instructor', ok: true, at: new Date().toISOString(), durationMs: 0, failed: [] });
  await page.waitForSelector(`tr[data-student="${s.id}"] td[data-exercise="latency"].passed`, { timeout: 10_000 });
  latencies.push(Date.now() - before);
}
console.log(`page update latency (record written → cell changed), 30 changes: p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, max ${Math.max(...latencies)} ms`);
await browser.close();
await server.close();

const solution = parseManifests(readFileSync('exercises/self-healing/solution/app.yaml', 'utf8'), 'solution');
for (const s of students) await applyObjects(client, await scopeManifests(solution, clusterScopes(client), { namespace: `kl-${s.id}` }));
const exercise = exercises.find((e) => e.id === 'self-healing')!;
const started = Date.now();
const results = await gradeClass({ client, className, exercise, lang: 'en', concurrency: K });
const wall = Date.now() - started;
const figure = (name: string) => results.map((r) => r.result.lab?.measurements.find((m) => m.name === name)?.value ?? NaN).filter((v) => !Number.isNaN(v));
console.log(`30 namespaces graded at concurrency ${K}: ${(wall / 1000).toFixed(1)} s, ${results.filter((r) => r.result.ok).length} passed`);
for (const name of ['kill_to_ready', 'delete_to_ready']) {
  const values = figure(name);
  console.log(`  ${name}: p50 ${pct(values, 50)} ms, p95 ${pct(values, 95)} ms, max ${Math.max(...values)} ms`);
}
const alone = await gradeExercise({ client, exercise, lang: 'en', namespace: 'kl-s01' });
console.log(`  one student alone: ${alone.lab?.measurements.map((m) => `${m.name} ${m.value} ms`).join(', ') ?? 'n/a'}`);
await classDown(client, className);
