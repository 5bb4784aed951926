import type { Lang } from '../core/i18n.js';
import type { KubeClient } from '../kube/client.js';
import { gradeExercise, type GradeResult } from '../grade/grade.js';
import { runLabs, type RunnerSink } from '../runner/index.js';
import type { Course, ExpectedVerdict } from './load.js';

/** What `kindlab course check` verifies: every lab passes; every solution passes; every mistake fails as it says. */
export const coursePhases = ['labs', 'solutions', 'mistakes'] as const;
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
  /** Why not, in one line. */
  detail?: string;
}

export async function checkCourse(options: CourseCheckOptions): Promise<CourseCheckRow[]> {
  const { client, course, lang = 'en' } = options;
  const phases = options.phases ?? coursePhases;
  const rows: CourseCheckRow[] = [];
  const add = (row: CourseCheckRow) => {
    rows.push(row);
    options.onRow?.(row);
  };
  if (phases.includes('labs') && course.labs.length) {
    const run = await runLabs({ client, labs: course.labs, concurrency: 3, ...(options.signal ? { signal: options.signal } : {}), ...(options.sink ? { sink: options.sink } : {}) });
    for (const lab of run.labs) add({ phase: 'labs', id: lab.id, ok: lab.status === 'passed', durationMs: lab.durationMs, ...(lab.status === 'passed' ? {} : { detail: firstFailure(lab) }) });
  }
  const cases = course.exercises.flatMap((e) => [
    ...(phases.includes('solutions') ? [{ phase: 'solutions' as const, id: e.definition.id, exercise: e.definition, dir: e.solution, expected: undefined }] : []),
    ...(phases.includes('mistakes') ? e.mistakes.map((m) => ({ phase: 'mistakes' as const, id: `${e.definition.id}/${m.name}`, exercise: e.definition, dir: m.dir, expected: m.expected })) : []),
  ]);
  await pool(cases, options.concurrency ?? 4, async (c) => {
    if (options.signal?.aborted) return;
    const result = await gradeExercise({ client, exercise: c.exercise, lang, files: [c.dir], ...(options.signal ? { signal: options.signal } : {}) });
    const verdict = c.expected ? verdictMatches(result, c.expected) : result.ok ? true : `it failed: ${failedChecks(result).map((x) => `${x.name}: ${x.message ?? ''}`).join('; ') || result.refused?.message || result.lab?.error?.message}`;
    add({ phase: c.phase, id: c.id, ok: verdict === true, durationMs: result.durationMs, ...(verdict === true ? {} : { detail: verdict }) });
  });
  return rows;
}

function firstFailure(lab: { steps: Array<{ checks: Array<{ status: string; name: string; message?: string }> }>; error?: { message: string } }): string {
  const check = lab.steps.flatMap((s) => s.checks).find((c) => c.status === 'failed');
  return check ? `${check.name}: ${check.message ?? ''}` : (lab.error?.message ?? 'did not pass');
}

export function failedChecks(result: GradeResult) {
  return (result.lab?.steps ?? []).flatMap((s) => s.checks).filter((c) => c.status === 'failed');
}

/** Did a mistake fail as its fixture says: on that check with that hint, or refused at that stage? */
export function verdictMatches(result: GradeResult, expected: ExpectedVerdict): string | true {
  if (result.ok) return 'it passed';
  if (expected.refused) {
    if (result.refused?.stage !== expected.refused) return `refused at ${result.refused?.stage ?? 'nothing'}, ${failedChecks(result).map((c) => c.name).join('; ')}`;
    return result.refused.message.includes(expected.message ?? '') || result.findings.some((f) => f.message.includes(expected.message ?? '')) ? true : `message: ${result.refused.message}`;
  }
  const failed = failedChecks(result);
  const check = failed.find((c) => c.name.includes(expected.check ?? ''));
  if (!check) return `failed on ${failed.map((c) => `"${c.name}"`).join(', ') || result.lab?.error?.message || result.refused?.message}`;
  return check.hint?.includes(expected.hint ?? '') ? true : `hint: ${check.hint}`;
}

/** At most `limit` at once: several students on one cluster, as in a class. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}
