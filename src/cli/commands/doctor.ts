import { budgetNamed } from '../../class/budget.js';
import { numberedStudents } from '../../class/roster.js';
import { runDoctor, type CheckResult } from '../../doctor/index.js';
import { messageOf } from '../../core/errors.js';
import { findCourseFile, readCourseFile } from '../../course/index.js';
import { toMs } from '../../core/duration.js';
import type { Command } from '../command.js';
import { progressReporter } from '../reporters/progress.js';
import { courseOption } from '../course.js';

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'check that this machine and its cluster are ready for the labs (each failure with its fix)',
  usage: 'kindlab doctor [--json] [--no-wait | --settle DURATION] [--class N [--budget tiny|small|medium]] [--course DIR]',
  details: [
    'A cluster whose nodes booted moments ago (just created, or back after a restart) is still starting:',
    'what heals by itself (nodes joining, system pods restarting, add-ons rolling out, the boot\'s',
    'untranslated flows expiring) is waited for, on watches, until 5 minutes after the nodes booted,',
    'each wait shown with what it still misses. Past that, or on an older cluster, a failure is a failure.',
  ].join('\n'),
  options: {
    'no-wait': { type: 'boolean', description: 'do not wait for a cluster still starting: say "starting" and what it waits for' },
    settle: { type: 'string', valueName: 'duration', description: 'how long after its nodes booted a cluster counts as still starting (default 5m)' },
    json: { type: 'boolean', description: 'print the checks as JSON' },
    class: { type: 'string', valueName: 'n', description: 'also check what a class of N students needs (capacity, inotify)' },
    budget: { type: 'string', valueName: 'size', description: 'with --class: each student\'s budget (default small)' },
    ...courseOption,
  },
  async run({ values, out, err }) {
    const classOf = values.class === undefined ? undefined : { students: numberedStudents(Number(values.class)).length, budget: budgetNamed((values.budget as string | undefined) ?? 'small') };
    const settle = values.settle === undefined ? undefined : toMs(values.settle as string);
    const reporter = progressReporter({ verbose: Boolean(values.verbose) });
    let checks: CheckResult[];
    try {
      checks = await runDoctor({
        ...(classOf ? { classOf } : {}),
        courseImages: courseImagesOf(values.course as string | undefined, err),
        wait: !values['no-wait'],
        ...(settle !== undefined ? { settleWindowMs: settle } : {}),
        sink: reporter,
      });
    } finally {
      reporter.close();
    }
    // A warning (NetworkPolicy not enforced) leaves the cluster ready for the labs.
    const ready = checks.every((c) => c.status === 'ok' || c.status === 'warn');
    if (values.json) out(JSON.stringify({ ready, starting: checks.some((c) => c.status === 'starting'), checks }, null, 2));
    else out(formatChecks(checks, ready));
    return ready ? 0 : 1;
  },
};

export function formatChecks(checks: CheckResult[], ready: boolean): string {
  const mark = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip', starting: 'wait' } as const;
  const lines = checks.map((c) => `${mark[c.status]}  ${c.title}: ${c.detail}${c.fix ? `\n      fix: ${c.fix}` : ''}`);
  const failed = checks.some((c) => c.status === 'fail');
  lines.push(
    '',
    ready
      ? 'ready for the labs'
      : failed
        ? 'not ready: fix the lines marked FAIL, then run `kindlab doctor` again'
        : 'still starting: the lines marked wait heal by themselves; `kindlab doctor` (without --no-wait) waits for them',
  );
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
