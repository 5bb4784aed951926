import { budgetNamed } from '../../class/budget.js';
import { numberedStudents } from '../../class/roster.js';
import { runDoctor, type CheckResult } from '../../doctor/index.js';
import { messageOf } from '../../core/errors.js';
import { findCourseFile, readCourseFile } from '../../course/index.js';
import type { Command } from '../command.js';
import { courseOption } from '../course.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check that this machine and its cluster are ready for the labs (each failure with its fix)',
  usage: 'kindlab doctor [--json] [--class N [--budget tiny|small|medium]] [--course DIR]',
  options: {
    json: { type: 'boolean', description: 'print the checks as JSON' },
    class: { type: 'string', valueName: 'n', description: 'also check what a class of N students needs (capacity, inotify)' },
    budget: { type: 'string', valueName: 'size', description: 'with --class: each student\'s budget (default small)' },
    ...courseOption,
  },
  async run({ values, out, err }) {
    const classOf = values.class === undefined ? undefined : { students: numberedStudents(Number(values.class)).length, budget: budgetNamed((values.budget as string | undefined) ?? 'small') };
    const checks = await runDoctor({ ...(classOf ? { classOf } : {}), courseImages: courseImagesOf(values.course as string | undefined, err) });
    // A warning (NetworkPolicy not enforced) leaves the cluster ready for the labs.
    const ready = checks.every((c) => c.status === 'ok' || c.status === 'warn');
    if (values.json) out(JSON.stringify({ ready, checks }, null, 2));
    else out(formatChecks(checks, ready));
    return ready ? 0 : 1;
  },
};

export function formatChecks(checks: CheckResult[], ready: boolean): string {
  const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' } as const;
  const lines = checks.map((c) => `${mark[c.status]}  ${c.title}: ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}`);
  lines.push('', ready ? 'ready for the labs' : 'not ready: fix the lines marked FAIL, then run `kindlab doctor` again');
  return lines.join('\n');
}

/** Only the course file is read (its images): the doctor checks the machine, not the labs' code. */
function courseImagesOf(dir: string | undefined, err: (text: string) => void): string[] {
  try {
    return readCourseFile(findCourseFile(dir)).images;
  } catch (error) {
    err(`kindlab: ${messageOf(error)} (the doctor goes on without the course's images)`);
    return [];
  }
}
