import type { Lang } from '../../core/i18n.js';
import type { GradeResult } from '../../grade/grade.js';
import type { RunResult } from '../../runner/results.js';
import { gradeBody, runBody, shell } from './page.js';
import { wordsFor } from './text.js';

export type HtmlReportInput = { kind: 'run'; result: RunResult } | { kind: 'grade'; result: GradeResult };

export interface HtmlReportOptions {
  /** Default: the grade's language, English for a run. */
  lang?: Lang;
}

/**
 * A run or a grade as ONE self-contained HTML file (no script, nothing fetched: it opens from
 * disk): per lab a timeline in SVG (actions, checks, traffic by version, downtime, each pod's life),
 * its checks with their hints and diagnosis, its measurements. Every text of the result is escaped:
 * names, messages and logs can come from a student.
 */
export function htmlReport(input: HtmlReportInput, options: HtmlReportOptions = {}): string {
  const lang = options.lang ?? (input.kind === 'grade' ? input.result.lang : 'en');
  const t = wordsFor(lang);
  if (input.kind === 'run') return shell(`${t.runTitle} ${input.result.runId}`.trim(), runBody(input.result, t, lang), lang);
  const grade = input.result;
  return shell(`${grade.exercise.id}: ${grade.ok ? t.passed : t.notYet} — ${t.gradeTitle}`, gradeBody(grade, t, lang), lang);
}
