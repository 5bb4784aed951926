import type { ProgressEvent, ProgressSink } from '../../core/progress.js';

export interface ProgressReporterOptions {
  stream?: NodeJS.WriteStream;
  verbose?: boolean;
  /** Interactive status line; defaults to whether the stream is a TTY (and not CI). */
  interactive?: boolean;
  /** How often a long step says it is still running in plain mode. */
  heartbeatMs?: number;
}

/**
 * Shows progress events: on a terminal, one status line per running step with its elapsed time
 * and last output; elsewhere (CI, pipes), plain lines and a periodic "still running" note.
 */
export function progressReporter(options: ProgressReporterOptions = {}): ProgressSink & { close(): void } {
  const stream = options.stream ?? process.stderr;
  const interactive = options.interactive ?? (Boolean(stream.isTTY) && !process.env.CI);
  const heartbeatMs = options.heartbeatMs ?? 30_000;
  const running = new Map<string, { title: string; at: number; last: string; beat: number }>();
  let statusShown = false;

  const clearStatus = () => {
    if (interactive && statusShown) stream.write('\r\x1b[2K');
    statusShown = false;
  };
  const drawStatus = () => {
    if (!interactive) return;
    const current = [...running.values()].at(-1);
    if (!current) return clearStatus();
    const width = (stream.columns ?? 100) - 1;
    const line = `… ${current.title} ${seconds(Date.now() - current.at)}${current.last ? ` | ${current.last}` : ''}`;
    stream.write(`\r\x1b[2K${line.slice(0, width)}`);
    statusShown = true;
  };
  const timer = setInterval(() => {
    if (interactive) return drawStatus();
    for (const s of running.values()) {
      if (Date.now() - s.beat >= heartbeatMs) {
        s.beat = Date.now();
        stream.write(`  … still running: ${s.title} (${seconds(Date.now() - s.at)})${s.last ? ` | ${s.last.slice(0, 120)}` : ''}\n`);
      }
    }
  }, interactive ? 200 : 1000);
  timer.unref();

  const sink = (event: ProgressEvent) => {
    switch (event.kind) {
      case 'start':
        running.set(event.step, { title: event.title, at: event.at, last: '', beat: event.at });
        clearStatus();
        if (!interactive) stream.write(`▶ ${event.title}\n`);
        drawStatus();
        break;
      case 'end': {
        const s = running.get(event.step);
        running.delete(event.step);
        clearStatus();
        stream.write(`${event.ok ? '✓' : '✗'} ${s?.title ?? event.step} (${seconds(event.durationMs)})${event.detail ? ` — ${event.detail}` : ''}\n`);
        drawStatus();
        break;
      }
      case 'info': {
        const s = event.step ? running.get(event.step) : undefined;
        if (s) s.last = event.message.trim();
        if (options.verbose || !s) {
          clearStatus();
          stream.write(`  ${event.message}\n`);
        }
        drawStatus();
        break;
      }
    }
  };
  return Object.assign(sink, {
    close() {
      clearInterval(timer);
      clearStatus();
    },
  });
}

export function seconds(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  return `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}
