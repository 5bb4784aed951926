import type { Lang } from '../core/i18n.js';
import type { KubeClient } from '../kube/client.js';
import { gradeExercise, type GradeResult } from '../grade/grade.js';
import { runLabs, type RunnerSink } from '../runner/index.js';
import type { Course, ExpectedVerdict } from './load.js';

/**
 * What `kindlab course check` verifies: every lab passes; every solution passes, and every correct
 * variant written otherwise; every mistake fails as it says.
 */
export const coursePhases = ['labs', 'solutions', 'variants', 'mistakes'] as const;
export type CoursePhase = (typeof coursePhases)[number];

export interface CourseCheckOptions {
  client: KubeClient;
  course: Course;
  phases?: readonly CoursePhase[];
  /** Exercises graded at once (a class shares the cluster the same way). */
  concurrency?: number;
  lang?: Lang;
  signal?: AbortSignal;
  /** The labs' progress (the exercises' is one row each, through onRow). */
  sink?: RunnerSink;
  onRow?: (row: CourseCheckRow) => void;
}

/** One line of the table: a lab, a solution or a mistake, and whether it behaved as it should. */
export interface CourseCheckRow {
  phase: CoursePhase;
  id: string;
  ok: boolean;
  durationMs: number;
  /** When it did not: what it should have done… */
  expected?: string;
  /** …and what it did instead, in one line each. */
  got?: string;
}

/** What a row did against what it should have done: true, or both in words. */
export type Outcome = true | { expected: string; got: string };

export async function checkCourse(options: CourseCheckOptions): Promise<CourseCheckRow[]> {
  const { client, course, lang = 'en' } = options;
  const phases = options.phases ?? coursePhases;
  const rows: CourseCheckRow[] = [];
  const add = (row: Omit<CourseCheckRow, 'ok'>, outcome: Outcome) => {
    const full = { ...row, ok: outcome === true, ...(outcome === true ? {} : outcome) };
    rows.push(full);
    options.onRow?.(full);
  };
  if (phases.includes('labs') && course.labs.length) {
    const run = await runLabs({ client, labs: course.labs, concurrency: 3, ...(options.signal ? { signal: options.signal } : {}), ...(options.sink ? { sink: options.sink } : {}) });
    for (const lab of run.labs) add({ phase: 'labs', id: lab.id, durationMs: lab.durationMs }, lab.status === 'passed' ? true : { expected: 'every check passes', got: `${lab.status}: ${firstFailure(lab)}` });
  }
  const cases = course.exercises.flatMap((e) => [
    ...(phases.includes('solutions') ? [{ phase: 'solutions' as const, id: e.definition.id, exercise: e.definition, dir: e.solution, expected: undefined }] : []),
    ...(phases.includes('variants') ? e.variants.map((v) => ({ phase: 'variants' as const, id: `${e.definition.id}/${v.name}`, exercise: e.definition, dir: v.dir, expected: undefined })) : []),
    ...(phases.includes('mistakes') ? e.mistakes.map((m) => ({ phase: 'mistakes' as const, id: `${e.definition.id}/${m.name}`, exercise: e.definition, dir: m.dir, expected: m.expected })) : []),
  ]);
  await pool(cases, options.concurrency ?? 4, async (c) => {
    if (options.signal?.aborted) return;
    const result = await gradeExercise({ client, exercise: c.exercise, lang, files: [c.dir], ...(options.signal ? { signal: options.signal } : {}) });
    add({ phase: c.phase, id: c.id, durationMs: result.durationMs }, c.expected ? verdictMatches(result, c.expected) : solutionPasses(result));
  });
  return rows;
}

function firstFailure(lab: { steps: Array<{ checks: Array<{ status: string; name: string; message?: string }> }>; error?: { message: string } }): string {
  const check = lab.steps.flatMap((s) => s.checks).find((c) => c.status === 'failed');
  return check ? `"${check.name}" failed: ${check.message ?? ''}` : (lab.error?.message ?? 'did not pass');
}

export function failedChecks(result: GradeResult) {
  return (result.lab?.steps ?? []).flatMap((s) => s.checks).filter((c) => c.status === 'failed');
}

/** What grading said, in one line: the failed checks with their hints, the refusal, or the error. */
export function whatHappened(result: GradeResult): string {
  if (result.ok) return 'it passed: every check passed';
  if (result.refused) return `refused at ${result.refused.stage}: ${result.refused.message.split('\n')[0]}`;
  const failed = failedChecks(result);
  if (failed.length) return failed.map((c) => `"${c.name}" failed${c.message ? ` (${c.message})` : ''}${c.hint ? ` with hint "${c.hint}"` : ', no hint'}`).join('; ');
  return `it did not pass: ${result.lab?.error?.message ?? result.lab?.status ?? 'no verdict'}`;
}

/** A reference solution passes every check. */
export function solutionPasses(result: GradeResult): Outcome {
  return result.ok ? true : { expected: 'every check passes', got: whatHappened(result) };
}

/** What a mistake's .json says it must fail on, in words. */
export function expectedInWords(expected: ExpectedVerdict): string {
  if (expected.refused) return `refused at ${expected.refused}${expected.message ? ` with "${expected.message}" in the message` : ''}`;
  return `a failed check whose name has "${expected.check ?? ''}"${expected.hint ? ` and whose hint has "${expected.hint}"` : ''}`;
}

/** Did a mistake fail as its fixture says: on that check with that hint, or refused at that stage? */
export function verdictMatches(result: GradeResult, expected: ExpectedVerdict): Outcome {
  const wrong = { expected: expectedInWords(expected), got: whatHappened(result) };
  if (result.ok) return wrong;
  if (expected.refused) {
    if (result.refused?.stage !== expected.refused) return wrong;
    const message = expected.message ?? '';
    return result.refused.message.includes(message) || result.findings.some((f) => f.message.includes(message)) ? true : wrong;
  }
  const check = failedChecks(result).find((c) => c.name.includes(expected.check ?? '') && (c.hint ?? '').includes(expected.hint ?? ''));
  return check ? true : wrong;
}

/** At most `limit` at once: several students on one cluster, as in a class. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}
