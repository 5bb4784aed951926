import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exercises } from '../course.js';
import { instructorNamespace } from '../../src/class/objects.js';
import { gradeExercise, type GradeResult } from '../../src/grade/grade.js';
import { connect } from '../../src/kube/client.js';
import { Informer, met, notYet } from '../../src/observe/informer.js';
import { applyYaml, kube } from './helpers.js';

const run = promisify(execFile);
const admin = kube();
const className = 'e2e-sol';
const lanes = ['s01', 's02', 's03', 's04'];
const dir = mkdtempSync(join(tmpdir(), 'kindlab-sol-'));
const kubeconfig = (id: string) => join(dir, `${id}.kubeconfig`);
const kindlab = (...args: string[]) => run('node', ['bin/kindlab.js', ...args], { timeout: 900_000, maxBuffer: 16 * 1024 * 1024 });

/** A reference solution as a student of the class writes it: Ingress hosts under their own domain. */
function solutionFor(exercise: string, student: string): string {
  const folder = join('exercises', exercise, 'solution');
  return readdirSync(folder)
    .map((f) => readFileSync(join(folder, f), 'utf8'))
    .join('\n---\n')
    .replace(/\b([a-z0-9-]+)\.exercise\.kindlab\.localhost/g, `$1.${student}.kindlab.localhost`);
}

/** Work spread over the students, one exercise at a time each (their namespaces are their own). */
async function inLanes<T>(items: T[], work: (item: T, student: string) => Promise<string | undefined>): Promise<string[]> {
  const problems: string[] = [];
  let next = 0;
  await Promise.all(
    lanes.map(async (student) => {
      while (next < items.length) {
        const problem = await work(items[next++]!, student);
        if (problem) problems.push(problem);
      }
    }),
  );
  return problems;
}

/** The namespace's pods gone (they count in the quota while they terminate). */
async function emptied(namespace: string): Promise<void> {
  const pods = new Informer<V1Pod>(admin, `/api/v1/namespaces/${namespace}/pods`);
  try {
    await pods.waitFor((all) => (all.size === 0 ? met(undefined) : notYet(`${all.size} pod(s) left`)), { what: `${namespace} emptied`, timeoutMs: 120_000 });
  } finally {
    pods.stop();
  }
}

function why(result: GradeResult): string {
  const failed = (result.lab?.steps ?? []).flatMap((s) => s.checks).filter((c) => c.status === 'failed');
  return failed.map((c) => `${c.name}: ${c.message}`).join('; ') || result.refused?.message || result.lab?.error?.message || 'failed';
}

describe('every reference solution passes in a fenced student namespace', () => {
  beforeAll(async () => {
    await kindlab('class', 'down', '--name', className).catch(() => undefined);
    await kindlab('class', 'up', '--name', className, '--students', String(lanes.length), '--budget', 'small', '--out', dir);
  }, 400_000);
  afterAll(async () => {
    await kindlab('class', 'down', '--name', className).catch(() => undefined);
  }, 300_000);

  // Students' own runs are shared labs (exclusive and cluster-wide ones are the instructor's): they
  // go first, then the instructor's grading, whose exclusive grades wait for the others.
  it('through the student\'s own `kindlab grade`, with their kubeconfig', { timeout: 1_800_000 }, async () => {
    const theirs = exercises.filter((e) => !e.exclusive && !e.clusterWide);
    const started = Date.now();
    const problems = await inLanes(theirs, async (exercise, student) => {
      const solution = join(dir, `${exercise.id}-${student}.yaml`);
      writeFileSync(solution, solutionFor(exercise.id, student));
      const graded = await kindlab('grade', exercise.id, solution, '--kubeconfig', kubeconfig(student)).then(
        () => undefined,
        (e: { code?: number; stdout?: string; stderr?: string }) => `${exercise.id} as ${student}: exit ${e.code}\n${e.stdout}\n${e.stderr}`,
      );
      return graded;
    });
    console.log(`${theirs.length} reference solutions graded by students themselves in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    expect(problems).toEqual([]);
  });

  it('through `class grade`, in place, with the sampler in the instructor\'s namespace', { timeout: 1_800_000 }, async () => {
    const started = Date.now();
    const problems = await inLanes(exercises, async (exercise, student) => {
      const namespace = `kl-${student}`;
      await applyYaml(connect({ kubeconfig: kubeconfig(student) }), solutionFor(exercise.id, student), namespace);
      const result = await gradeExercise({ client: admin, exercise, lang: 'en', namespace, helperNamespace: instructorNamespace(className) });
      await kindlab('class', 'reset', student, '--name', className);
      await emptied(namespace);
      return result.ok ? undefined : `${exercise.id} in ${namespace}: ${why(result)}`;
    });
    console.log(`${exercises.length} reference solutions graded in place by the instructor in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    expect(problems).toEqual([]);
  });
});
