import { toMs, type Duration } from '../core/duration.js';
import { KindlabError } from '../core/errors.js';
import { TrafficSampler, type Sample, type TrafficReport } from '../observe/sampler.js';
import type { Timeline } from '../observe/timeline.js';
import type { Traffic, TrafficOptions } from './lab.js';

/**
 * The lab-facing traffic handle: a sampler on the lab's NodePort whose failures, recoveries and a
 * once-a-second summary go to the timeline.
 */
export class LabTraffic implements Traffic {
  private readonly sampler: TrafficSampler;
  private readonly waiters = new Set<(s: Sample) => void>();
  private failing = false;
  private second = { start: 0, ok: 0, failed: 0, pods: new Set<string>(), versions: new Set<string>() };

  constructor(
    nodePort: number,
    options: TrafficOptions,
    private readonly timeline: Timeline,
    private readonly signal: AbortSignal,
  ) {
    const url = `http://127.0.0.1:${nodePort}${options.path ?? '/'}`;
    this.sampler = new TrafficSampler({
      url,
      ratePerSecond: options.rate ?? 50,
      onSample: (s) => this.onSample(s),
      ...(options.host ? { headers: { Host: options.host } } : {}),
    });
    this.timeline.record({ kind: 'action', at: Date.now(), what: `start traffic: ${options.rate ?? 50} req/s to ${url}` });
    this.sampler.start();
    signal.addEventListener('abort', () => void this.sampler.stop(), { once: true });
  }

  async answered(count: number, options: { within: Duration; what?: string }): Promise<void> {
    const timeoutMs = toMs(options.within);
    let seen = 0;
    await new Promise<void>((resolve, reject) => {
      const onSample = (s: Sample) => {
        if (s.ok && ++seen >= count) finish();
      };
      const timer = setTimeout(() => finish(new KindlabError('WAIT_TIMEOUT', `timed out after ${timeoutMs / 1000}s waiting for ${options.what ?? `${count} successful answers`} (got ${seen})`)), timeoutMs);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.waiters.delete(onSample);
        if (error) reject(error);
        else resolve();
      };
      this.waiters.add(onSample);
      if (this.signal.aborted) finish(new KindlabError('ABORTED', 'interrupted'));
    });
  }

  since(from: number): TrafficReport {
    return this.sampler.summary(from);
  }

  async stop(): Promise<TrafficReport> {
    const report = await this.sampler.stop();
    this.flushSecond(Date.now());
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
      if (s.version) this.second.versions.add(s.version);
    } else this.second.failed++;
    for (const waiter of [...this.waiters]) waiter(s);
  }

  private flushSecond(now: number): void {
    const s = this.second;
    if (s.ok + s.failed > 0) {
      this.timeline.record({
        kind: 'http',
        at: s.start,
        what: `${s.ok} ok, ${s.failed} failed; versions ${[...s.versions].join(',') || '-'}; pods ${[...s.pods].join(' ') || '-'}`,
      });
    }
    this.second = { start: now, ok: 0, failed: 0, pods: new Set(), versions: new Set() };
  }
}
