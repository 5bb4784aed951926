import type { LabResult, RunResult, RunnerEvent, RunnerSink } from '../../runner/index.js';
import { seconds } from './progress.js';

export interface RunTextOptions {
  stream?: NodeJS.WriteStream;
  interactive?: boolean;
  /** Print each lab's timeline after it ends. */
  timeline?: boolean;
  /** Print each lab's verdict and the run's summary (default); `kindlab grade` prints its own, once. */
  verdicts?: boolean;
}

/**
 * The human reporter of `kindlab run`: plain lines (prefixed with the lab when labs run
 * concurrently) and, on a terminal, a status line with each running lab's step and elapsed time.
 */
export function runTextReporter(options: RunTextOptions = {}): RunnerSink & { close(): void } {
  const stream = options.stream ?? process.stderr;
  const interactive = options.interactive ?? (Boolean(stream.isTTY) && !process.env.CI);
  const running = new Map<string, { step: string; since: number; startedAt: number }>();
  let concurrent = false;
  let statusShown = false;

  const clear = () => {
    if (interactive && statusShown) stream.write('\r\x1b[2K');
    statusShown = false;
  };
  const draw = () => {
    if (!interactive || running.size === 0) return;
    const parts = [...running].map(([lab, s]) => `${lab}: ${s.step || 'starting'} ${seconds(Date.now() - s.since)}`);
    stream.write(`\r\x1b[2K… ${parts.join(' | ')}`.slice(0, (stream.columns ?? 120) - 1));
    statusShown = true;
  };
  const line = (lab: string | undefined, text: string) => {
    clear();
    stream.write(`${concurrent && lab ? `[${lab}] ` : ''}${text}\n`);
    draw();
  };
  const timer = setInterval(draw, 250);
  timer.unref();

  const sink = (event: RunnerEvent) => {
    switch (event.type) {
      case 'run-note':
        line(undefined, `kindlab: ${event.text}`);
        break;
      case 'run-start':
        concurrent = event.concurrency > 1 && event.labs.length > 1;
        line(undefined, `kindlab: running ${event.labs.length} lab${event.labs.length === 1 ? '' : 's'} (${event.labs.join(', ')})${concurrent ? `, ${event.concurrency} at a time` : ''}`);
        break;
      case 'lab-start':
        running.set(event.lab, { step: '', since: event.at, startedAt: event.at });
        line(event.lab, `▶ ${event.lab} — ${event.title} (namespace ${event.namespace})`);
        break;
      case 'step-start': {
        const s = running.get(event.lab);
        if (s) Object.assign(s, { step: event.step, since: event.at });
        line(event.lab, `  ▶ ${event.step}`);
        break;
      }
      case 'check':
        line(event.lab, `    ${event.check.status === 'passed' ? '✓' : '✗'} ${event.check.name}${event.check.deadlineMs ? ` (${seconds(event.check.durationMs)} of ${seconds(event.check.deadlineMs)})` : ''}${event.check.status === 'failed' && event.check.message ? `: ${event.check.message}` : event.check.message ? ` — ${event.check.message}` : ''}`);
        if (event.check.hint) line(event.lab, `      → ${event.check.hint}`);
        break;
      case 'measure':
        line(event.lab, `    • ${event.measurement.name} = ${event.measurement.value} ${event.measurement.unit}${event.measurement.description ? ` — ${event.measurement.description}` : ''}`);
        break;
      case 'note':
        line(event.lab, `    ℹ ${event.text}`);
        break;
      case 'step-end':
        if (event.step.status === 'failed') line(event.lab, `  ✗ step failed after ${seconds(event.step.durationMs)}`);
        break;
      case 'lab-end':
        running.delete(event.lab.id);
        if (options.verdicts !== false) {
          line(event.lab.id, labLine(event.lab));
          if (event.lab.error) line(event.lab.id, indent(event.lab.error.message));
        }
        for (const check of event.lab.steps.flatMap((s) => s.checks)) {
          if (check.diagnosis) line(event.lab.id, indent(formatDiagnosisShort(check.diagnosis)));
        }
        if (event.lab.error?.diagnosis) line(event.lab.id, indent(formatDiagnosisShort(event.lab.error.diagnosis)));
        if (options.timeline) line(event.lab.id, ['  timeline:', ...event.lab.timeline.map((t) => `    ${t}`)].join('\n'));
        break;
      case 'run-end':
        clear();
        if (options.verdicts !== false) stream.write(`\n${summary(event.result)}\n`);
        break;
    }
  };
  return Object.assign(sink, {
    close() {
      clearInterval(timer);
      clear();
    },
  });
}

function labLine(lab: LabResult): string {
  const mark = lab.status === 'passed' ? '✓' : '✗';
  return `${mark} ${lab.id} ${lab.status} in ${seconds(lab.durationMs)}`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function formatDiagnosisShort(d: NonNullable<LabResult['error']>['diagnosis'] & object): string {
  const lines: string[] = [];
  for (const c of d.causes) lines.push(`likely cause: ${c}`);
  for (const p of d.pods) lines.push(`pod ${p.name}: ${p.phase}${p.ready ? ' ready' : ' not ready'}${p.problems.length ? ` — ${p.problems.join('; ')}` : ''}`);
  for (const e of d.events.slice(-5)) lines.push(`event: ${e}`);
  for (const l of d.logs) lines.push(`logs ${l.pod}/${l.container}: ${l.lines.slice(-3).join(' | ')}`);
  return lines.join('\n');
}

export function summary(result: RunResult): string {
  const rows = result.labs.map((l) => {
    const figures = l.measurements.slice(0, 4).map((m) => `${m.name}=${m.value}${m.unit === 'ms' ? 'ms' : ` ${m.unit}`}`);
    return `  ${l.status === 'passed' ? '✓' : '✗'} ${l.id.padEnd(20)} ${l.status.padEnd(11)} ${seconds(l.durationMs).padStart(7)}  ${figures.join(', ')}`;
  });
  const passed = result.labs.filter((l) => l.status === 'passed').length;
  return [...rows, '', `${passed} passed, ${result.labs.length - passed} failed (${seconds(result.durationMs)})`].join('\n');
}
