import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Lang } from '../core/i18n.js';
import type { GradeResult } from '../grade/grade.js';
import type { RunResult } from '../runner/index.js';
import { htmlReport } from '../report/html/index.js';

export const htmlOption = {
  html: { type: 'string' as const, valueName: 'file', description: 'also write a self-contained HTML report (timeline, pods, traffic, checks) to this file' },
};

/** Writes the HTML report; answers its absolute path, to print. */
export function writeHtmlReport(file: string, input: { kind: 'run'; result: RunResult } | { kind: 'grade'; result: GradeResult }, lang: Lang = 'en'): string {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, htmlReport(input, { lang }));
  return path;
}

/** Where a failed grade's report goes when --html does not say: out of the student's folders. */
export function defaultGradeReport(exercise: string, at = new Date()): string {
  return join(tmpdir(), 'kindlab-reports', `${exercise}-${at.toISOString().replace(/[:.]/g, '-')}.html`);
}
