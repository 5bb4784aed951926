import { describe, expect, it } from 'vitest';
import { courseTable } from '../../src/cli/commands/course.js';
import { solutionPasses, verdictMatches, type CourseCheckRow } from '../../src/course/index.js';
import type { GradeResult } from '../../src/grade/grade.js';
import type { CheckResult, LabResult } from '../../src/runner/results.js';

// `kindlab course check`'s verdicts are pure: a grade result against what the fixture expects.

const check = (name: string, status: 'passed' | 'failed', extra: Partial<CheckResult> = {}): CheckResult => ({ name, status, durationMs: 0, deadlineMs: 0, ...extra });

function graded(checks: CheckResult[], refused?: GradeResult['refused']): GradeResult {
  const ok = !refused && checks.every((c) => c.status === 'passed');
  const lab = { steps: [{ title: 'step', status: ok ? 'passed' : 'failed', durationMs: 0, checks }], status: ok ? 'passed' : 'failed' } as unknown as LabResult;
  return { schema: 'kindlab.grade/v1', ok, exercise: { id: 'x', title: 'x', section: 's' }, lang: 'en', files: [], findings: [], ...(refused ? { refused } : { lab }), startedAt: '', durationMs: 1000 };
}

describe('course check: expected vs got', () => {
  it('passes a mistake that fails on its check with its hint', () => {
    const result = graded([check('the Deployment asks for 3 replicas', 'failed', { message: 'replicas: 1', hint: 'spec.replicas is the number of pods (see guides/hello.en.md)' })]);
    expect(verdictMatches(result, { check: 'asks for 3 replicas', hint: 'spec.replicas' })).toBe(true);
  });

  it('says what a mistake that passed was expected to be told', () => {
    const outcome = verdictMatches(graded([check('the Deployment asks for 3 replicas', 'passed')]), { check: 'asks for 3 replicas', hint: 'spec.replicas' });
    expect(outcome).toEqual({ expected: 'a failed check whose name has "asks for 3 replicas" and whose hint has "spec.replicas"', got: 'it passed: every check passed' });
  });

  it('says which check failed, and its hint, when it is another one', () => {
    const result = graded([check('3 pods Ready', 'failed', { message: 'not met within 90s; last seen: 1/3 Ready', hint: 'readiness probe' })]);
    expect(verdictMatches(result, { check: 'asks for 3 replicas', hint: 'spec.replicas' })).toEqual({
      expected: 'a failed check whose name has "asks for 3 replicas" and whose hint has "spec.replicas"',
      got: '"3 pods Ready" failed (not met within 90s; last seen: 1/3 Ready) with hint "readiness probe"',
    });
  });

  it('tells a refusal at the wrong stage from the expected one', () => {
    const refused = graded([], { stage: 'intake', message: 'app.yaml:1: another namespace\nmore' });
    expect(verdictMatches(refused, { refused: 'intake', message: 'another namespace' })).toBe(true);
    expect(verdictMatches(refused, { refused: 'check', message: 'privileged' })).toEqual({ expected: 'refused at check with "privileged" in the message', got: 'refused at intake: app.yaml:1: another namespace' });
  });

  it('says what failed in a solution that should pass', () => {
    expect(solutionPasses(graded([check('a', 'passed')]))).toBe(true);
    expect(solutionPasses(graded([check('the Job completes', 'failed', { message: 'Failed: BackoffLimitExceeded' })]))).toEqual({ expected: 'every check passes', got: '"the Job completes" failed (Failed: BackoffLimitExceeded), no hint' });
  });

  it('prints expected and got under a WRONG row of the table', () => {
    const rows: CourseCheckRow[] = [
      { phase: 'solutions', id: 'three-replicas', ok: true, durationMs: 12_300 },
      { phase: 'mistakes', id: 'three-replicas/one-replica', ok: false, durationMs: 9_000, expected: 'a failed check whose name has "asks for 3 replicas"', got: 'it passed: every check passed' },
    ];
    const table = courseTable(rows, 30_000).split('\n');
    expect(table[1]).toMatch(/^solution +three-replicas +ok +12\.3 s$/);
    expect(table[2]).toMatch(/^mistake +three-replicas\/one-replica WRONG +9\.0 s$/);
    expect(table[3]).toBe('          expected: a failed check whose name has "asks for 3 replicas"');
    expect(table[4]).toBe('          got:      it passed: every check passed');
    expect(table.at(-1)).toBe('1 of 2 as expected in 30 s — 1 wrong');
  });
});
