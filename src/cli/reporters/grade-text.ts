import type { GradeResult } from '../../grade/grade.js';
import { resultSchema, type RunResult } from '../../runner/index.js';

/** The verdict as the student reads it: passed or not, and for what failed, why and the hint. */
export function formatGrade(result: GradeResult): string {
  const fr = result.lang === 'fr';
  const lines = [''];
  if (result.refused) {
    const stage = { check: fr ? 'la vérification de vos fichiers' : 'the check of your files', intake: fr ? "l'entrée de vos fichiers dans le cluster" : 'taking your files into the cluster', images: fr ? 'les images' : 'the images' }[result.refused.stage];
    lines.push(`✗ ${result.exercise.id}: ${fr ? 'arrêté à' : 'stopped at'} ${stage}`, ...result.refused.message.split('\n').map((l) => `    ${l}`));
    for (const f of result.findings.filter((x) => x.severity === 'error')) lines.push(`    → ${f.hint}`);
  } else if (result.lab) {
    const failed = result.lab.steps.flatMap((s) => s.checks).filter((c) => c.status === 'failed');
    lines.push(`${result.ok ? '✓' : '✗'} ${result.exercise.id}: ${result.ok ? (fr ? 'réussi' : 'passed') : fr ? 'à reprendre' : 'not yet'} (${(result.durationMs / 1000).toFixed(1)} s)`);
    for (const c of failed) lines.push(`    ✗ ${c.name}: ${c.message ?? ''}`, ...(c.hint ? [`      → ${c.hint}`] : []));
    if (!failed.length && result.lab.error) lines.push(`    ${result.lab.error.message}`);
    for (const m of result.lab.measurements) lines.push(`    • ${m.name} = ${m.value} ${m.unit}`);
  }
  const warnings = result.findings.filter((f) => f.severity === 'warning');
  if (warnings.length && !result.refused) lines.push(fr ? `    (${warnings.length} avertissement(s) de \`kindlab check\` sur vos fichiers)` : `    (${warnings.length} warning(s) from \`kindlab check\` on your files)`);
  return lines.join('\n');
}

/** A grade as a one-lab run, for the JUnit report (a refusal is one failed case). */
export function gradeAsRun(result: GradeResult): RunResult {
  const lab = result.lab ?? {
    id: result.exercise.id,
    title: { en: result.exercise.title, fr: result.exercise.title },
    section: result.exercise.section,
    status: 'failed' as const,
    namespace: '',
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    steps: [{ title: `refused at ${result.refused?.stage}`, status: 'failed' as const, durationMs: 0, checks: [{ name: `${result.refused?.stage}`, status: 'failed' as const, durationMs: 0, deadlineMs: 0, message: result.refused?.message ?? '' }] }],
    measurements: [],
    watches: { opened: 0, resumed: 0 },
    timeline: [],
  };
  return { schema: resultSchema, ok: result.ok, startedAt: result.startedAt, durationMs: result.durationMs, context: '', runId: result.runId ?? '', concurrency: 1, labs: [lab] };
}
