import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles } from '../../src/check/index.js';
import { manifestFiles } from '../../src/kube/intake.js';
import { exerciseOf, exercises } from '../course.js';

describe('the exercises', () => {
  it('cover every section of the course, at least 12, each with a statement in French and English', () => {
    expect(exercises.length).toBeGreaterThanOrEqual(12);
    expect(new Set(exercises.map((e) => e.id)).size).toBe(exercises.length);
    for (const e of exercises) {
      for (const lang of ['fr', 'en'] as const) {
        expect(e.title[lang].length, `${e.id} title ${lang}`).toBeGreaterThan(5);
        expect(e.statement[lang], `${e.id} statement ${lang}`).toMatch(lang === 'fr' ? /Réussi si/ : /Passes if/);
        expect(existsSync(`guides/${e.guide}.${lang}.md`), `${e.id} guide`).toBe(true);
      }
    }
  });

  it('each ship a reference solution and at least two typical mistakes with what they must fail on', () => {
    for (const e of exercises) {
      expect(manifestFiles([join('exercises', e.id, 'solution')]).length, e.id).toBeGreaterThan(0);
      const mistakes = exerciseOf(e.id).mistakes;
      expect(mistakes.length, e.id).toBeGreaterThanOrEqual(2);
      for (const m of mistakes) expect(Boolean(m.expected.check) !== Boolean(m.expected.refused), `${e.id}/${m.name}: check or refused`).toBe(true);
    }
  });

  it('have solutions that `kindlab check` finds no error in, and mistakes refused at the check for the rule they break', async () => {
    for (const e of exercises) {
      const solution = await checkFiles([join('exercises', e.id, 'solution')]);
      expect(solution.findings.filter((f) => f.severity === 'error'), e.id).toEqual([]);
      for (const m of exerciseOf(e.id).mistakes.filter((x) => x.expected.refused === 'check')) {
        const report = await checkFiles([m.dir]);
        expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.message).join('\n'), `${e.id}/${m.name}`).toContain(m.expected.message);
      }
    }
  });

  it('never spell out the solution in the statement (no manifest in it)', () => {
    for (const e of exercises) for (const lang of ['fr', 'en'] as const) expect(e.statement[lang]).not.toMatch(/apiVersion:|kind: Deployment|readinessProbe:/);
  });
});
