import { checkCourse, coursePhases, requireWhole, type CourseCheckRow, type CoursePhase } from '../../course/index.js';
import { KindlabError } from '../../core/errors.js';
import { connect } from '../../kube/client.js';
import type { Command } from '../command.js';
import { courseFor, courseOption, courseShown } from '../course.js';
import { runTextReporter } from '../reporters/run-text.js';

export const courseCommand: Command = {
  name: 'course',
  summary: 'check a course before class: every lab passes, every solution and correct variant passes, every mistake fails as it says',
  usage: 'kindlab course check [--only labs,solutions,variants,mistakes] [--concurrency N] [--json] [--course DIR]',
  details: 'Runs on the cluster; prints a table of times. Exit code 0 only if everything behaved as it should.',
  allowPositionals: true,
  options: {
    only: { type: 'string', valueName: 'phases', description: `some of ${coursePhases.join(', ')} (default: all)` },
    concurrency: { type: 'string', valueName: 'n', description: 'exercises graded at once (default 4)' },
    json: { type: 'boolean', description: 'print the rows as JSON' },
    context: { type: 'string', valueName: 'name', description: 'kubeconfig context (default kind-kindlab)' },
    'allow-other-context': { type: 'boolean', description: 'allow a context that is not kindlab\'s cluster' },
    ...courseOption,
  },
  async run({ values, positionals, out, err }) {
    if (positionals[0] !== 'check') throw new KindlabError('BAD_OPTION', `unknown course action "${positionals[0] ?? ''}"`, { fix: '`kindlab course check`' });
    const phases = ((values.only as string | undefined) ?? coursePhases.join(',')).split(',').map((p) => p.trim()) as CoursePhase[];
    const wrong = phases.filter((p) => !coursePhases.includes(p));
    if (wrong.length) throw new KindlabError('BAD_OPTION', `--only: unknown phase ${wrong.join(', ')}`, { fix: `some of ${coursePhases.join(', ')}, comma-separated` });
    const concurrency = Number(values.concurrency ?? 4);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10) throw new KindlabError('BAD_OPTION', `--concurrency must be an integer from 1 to 10, got "${values.concurrency}"`);
    const course = await courseFor(values, err);
    requireWhole(course);
    const client = connect({ ...(values.context ? { context: values.context as string } : {}), allowOtherContext: Boolean(values['allow-other-context']) });
    const controller = new AbortController();
    const onSigint = () => controller.abort(new KindlabError('ABORTED', 'interrupted by Ctrl-C'));
    process.on('SIGINT', onSigint);
    const text = runTextReporter({});
    const started = Date.now();
    let rows: CourseCheckRow[];
    try {
      err(`checking ${courseShown(course)}: ${course.labs.length} labs, ${course.exercises.length} exercises (${phases.join(', ')})`);
      rows = await checkCourse({ client, course, phases, concurrency, signal: controller.signal, sink: text, onRow: (r) => r.phase !== 'labs' && err(`${r.ok ? '✓' : '✗'} ${r.phase.slice(0, -1)} ${r.id} ${(r.durationMs / 1000).toFixed(1)} s`) });
    } finally {
      text.close();
      process.off('SIGINT', onSigint);
    }
    const ok = rows.every((r) => r.ok);
    if (values.json) out(JSON.stringify({ course: course.file, ok, durationMs: Date.now() - started, rows }, null, 2));
    else out(courseTable(rows, Date.now() - started));
    if (controller.signal.aborted) return 130;
    return ok ? 0 : 1;
  },
};

/** The table an instructor reads before class: what, whether it behaved, how long it took. */
export function courseTable(rows: CourseCheckRow[], durationMs: number): string {
  const width = Math.max(10, ...rows.map((r) => r.id.length));
  // A WRONG row says what it should have done and what it did, under it.
  const why = (r: CourseCheckRow) => (r.ok ? [] : [`${' '.repeat(10)}expected: ${r.expected ?? '?'}`, `${' '.repeat(10)}got:      ${r.got ?? '?'}`]);
  const lines = rows.flatMap((r) => [`${r.phase.slice(0, -1).padEnd(9)} ${r.id.padEnd(width)} ${r.ok ? 'ok    ' : 'WRONG '} ${`${(r.durationMs / 1000).toFixed(1)} s`.padStart(8)}`, ...why(r)]);
  const bad = rows.filter((r) => !r.ok).length;
  return [`${'kind'.padEnd(9)} ${'id'.padEnd(width)} result ${'time'.padStart(8)}`, ...lines, '', `${rows.length - bad} of ${rows.length} as expected in ${(durationMs / 1000).toFixed(0)} s${bad ? ` — ${bad} wrong` : ''}`].join('\n');
}
