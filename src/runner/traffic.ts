import { toMs, type Duration } from '../core/duration.js';
import { waitFor } from '../core/wait.js';
import type { Sample, SampleSource, TrafficReport } from '../observe/sampler.js';
import type { Timeline } from '../observe/timeline.js';
import type { Traffic } from './lab.js';
import type { Recorder } from './recorder.js';

/**
 * The lab-facing traffic handle: a sampler (on the host, or a pod in the cluster) whose failures,
 * recoveries and a once-a-second summary go to the timeline. Ctrl-C drops it at once.
 */
export class LabTraffic implements Traffic {
  private readonly sampler: SampleSource;
  private readonly listeners = new Set<(s: Sample) => void>();
  private failing = false;
  private stopped: Promise<TrafficReport> | undefined;
  private second = { start: 0, ok: 0, failed: 0, pods: new Set<string>(), versions: new Map<string, number>() };

  constructor(
    makeSource: (onSample: (s: Sample) => void) => SampleSource,
    private readonly timeline: Timeline,
    private readonly recorder: Recorder,
    private readonly signal: AbortSignal,
  ) {
    this.sampler = makeSource((s) => this.onSample(s));
    this.timeline.record({ kind: 'action', at: Date.now(), what: `start traffic: ${this.sampler.rate} req/s to ${this.sampler.url}` });
    this.sampler.start();
    signal.addEventListener('abort', () => void this.sampler.stop({ abandon: true }), { once: true });
  }

  async answered(count: number, options: { within: Duration; what?: string; hint?: string }): Promise<void> {
    const timeoutMs = toMs(options.within);
    const what = options.what ?? `${count} successful answers`;
    let seen = 0;
    let failed = 0;
    await this.recorder.awaitCheck(what, timeoutMs, () =>
      waitFor<void>({ what, timeoutMs, signal: this.signal }, (progress) => {
        const listener = (s: Sample) => {
          if (s.ok) seen++;
          else failed++;
          if (seen >= count) progress.met(undefined, s.at + s.latencyMs);
          else progress.pending(`${seen} of ${count} answers${failed ? `, ${failed} failed (${s.error ?? `HTTP ${s.status}`})` : ''}`);
        };
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
      }),
      { hint: options.hint },
    );
  }

  since(from: number): TrafficReport {
    return this.sampler.summary(from);
  }

  /** Once: the lab stops it, and the lab's end stops whatever is left (the same report, recorded once). */
  stop(): Promise<TrafficReport> {
    return (this.stopped ??= this.stopOnce());
  }

  private async stopOnce(): Promise<TrafficReport> {
    const report = await this.sampler.stop({ abandon: this.signal.aborted });
    this.flushSecond(Date.now());
    for (const w of report.downtime) this.timeline.record({ kind: 'downtime', at: w.from, to: w.to, failed: w.failed });
    this.timeline.record({
      kind: 'action',
      at: Date.now(),
      what: `stop traffic: ${report.requests} requests, ${report.failed} failed, ${report.downtime.length} downtime window(s)`,
    });
    return report;
  }

  private onSample(s: Sample): void {
    if (!s.ok && !this.failing) {
      this.failing = true;
      this.timeline.record({ kind: 'http', at: s.at, what: `✗ requests start failing (${s.error ?? `HTTP ${s.status}`})` });
    } else if (s.ok && this.failing) {
      this.failing = false;
      this.timeline.record({ kind: 'http', at: s.at, what: `✓ requests succeed again (${s.pod ?? '?'} ${s.version ?? ''})` });
    }
    if (s.at - this.second.start >= 1000) this.flushSecond(s.at);
    if (s.ok) {
      this.second.ok++;
      if (s.pod) this.second.pods.add(s.pod);
      if (s.version) this.second.versions.set(s.version, (this.second.versions.get(s.version) ?? 0) + 1);
    } else this.second.failed++;
    for (const listener of [...this.listeners]) listener(s);
  }

  private flushSecond(now: number): void {
    const s = this.second;
    if (s.ok + s.failed > 0) {
      this.timeline.record({ kind: 'traffic', at: s.start, ok: s.ok, failed: s.failed, versions: Object.fromEntries(s.versions), pods: [...s.pods] });
    }
    this.second = { start: now, ok: 0, failed: 0, pods: new Set(), versions: new Map() };
  }
}
