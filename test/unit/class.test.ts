import { describe, expect, it } from 'vitest';
import { budgets, capacityVerdict } from '../../src/class/budget.js';
import { cpuOf, memoryMiOf } from '../../src/core/quantity.js';
import { numberedStudents, parseRoster, slug } from '../../src/class/roster.js';
import { helperPodResources } from '../../src/observe/helper-pod.js';

describe('a class roster', () => {
  it('takes "id, Name" and "Name" lines, skips blank lines and comments, keeps names for display', () => {
    const students = parseRoster('# TP Kubernetes\n\nalice, Alice Martin\nÉlodie Durand-Lefèvre\n  \nbob42, Bob (le retour)\n', 'roster.csv');
    expect(students).toEqual([
      { id: 'alice', name: 'Alice Martin' },
      { id: 'elodie-durand-lefevre', name: 'Élodie Durand-Lefèvre' },
      { id: 'bob42', name: 'Bob (le retour)' },
    ]);
  });

  it('reports every duplicate and every id that is no DNS label, with its line', () => {
    expect(() => parseRoster('alice, A\nAlice\nBad_Id, B\n-x-, C\n', 'r.csv')).toThrow(/r\.csv: 3 problem\(s\):\nr\.csv:2: id "alice" is already on line 1\nr\.csv:3: id "Bad_Id" is not a DNS label[^\n]*\nr\.csv:4: id "-x-" is not a DNS label/);
    expect(() => parseRoster('# nobody\n\n', 'r.csv')).toThrow('r.csv names no student');
    expect(() => parseRoster('李雷\n', 'r.csv')).toThrow('"李雷" gives no id');
    expect(slug('Zoë   Ångström!!')).toBe('zoe-angstrom');
  });

  it('numbers anonymous students', () => {
    expect(numberedStudents(3).map((s) => s.id)).toEqual(['s01', 's02', 's03']);
    expect(() => numberedStudents(0)).toThrow('--students must be a whole number from 1 to 500');
  });
});

describe('a class budget', () => {
  it('fits the students in what the nodes can allocate, or says the numbers', () => {
    expect(capacityVerdict(5, budgets.small!, { cpu: 6, memoryMi: 20_000 })).toBe(true);
    expect(capacityVerdict(30, budgets.small!, { cpu: 6, memoryMi: 20_000 })).toBe('CPU: 30 × 0.5 = 15 requested, 6 allocatable; memory: 30 × 768 MiB = 23040 MiB requested, 20000 MiB allocatable');
    expect(memoryMiOf('16384Mi')).toBe(16384);
    expect(memoryMiOf('24596212Ki')).toBeCloseTo(24019.7, 0);
  });

  it('leaves room, at its default limits, for five replicas, or a rolling update beside the sampler', () => {
    const sampler = { cpu: cpuOf(helperPodResources.limits.cpu), memoryMi: memoryMiOf(helperPodResources.limits.memory) };
    for (const budget of Object.values(budgets)) {
      expect(5 * budget.defaultLimitCpu, budget.name).toBeLessThanOrEqual(budget.limitsCpu);
      expect(5 * budget.defaultLimitMemoryMi, budget.name).toBeLessThanOrEqual(budget.limitsMemoryMi);
      // 3 replicas + the surge pod + the in-cluster sampler.
      expect(4 * budget.defaultLimitCpu + sampler.cpu, budget.name).toBeLessThanOrEqual(budget.limitsCpu);
      expect(4 * budget.defaultLimitMemoryMi + sampler.memoryMi, budget.name).toBeLessThanOrEqual(budget.limitsMemoryMi);
    }
  });
});
