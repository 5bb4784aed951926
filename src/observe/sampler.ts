import { setMaxListeners } from 'node:events';
import { KindlabError } from '../core/errors.js';
import { httpGet, loopbackUrl, type HttpAnswer } from './http.js';

export interface Sample {
  /** When the request was sent (ms since epoch). */
  at: number;
  latencyMs: number;
  ok: boolean;
  status?: number;
  pod?: string;
  version?: string;
  error?: string;
}

export interface DowntimeWindow {
  /** First failed request of the window. */
  from: number;
  /** Next successful request. */
  to: number;
  durationMs: number;
  failed: number;
}

/**
 * What a {@link Traffic} sampler saw over a span of time: how many requests failed and when, who
 * answered, how fast.
 *
 * @group Sending traffic
 */
export interface TrafficReport {
  /** Where the requests went. */
  url: string;
  /** Requests sent. */
  requests: number;
  /** Requests refused, reset, timed out, or answered with an HTTP status of 400 or more. */
  failed: number;
  /** The requests per second asked for. */
  targetRate: number;
  /** The requests per second actually sent: below the target, the sampler could not keep up. */
  achievedRate: number;
  /** The span summarized. */
  durationMs: number;
  /** The windows from a failed request to the next success (`from`, `to`, `durationMs`, `failed`). */
  downtime: DowntimeWindow[];
  /** Successful answers by the pod that gave them (the demo app says which). */
  byPod: Record<string, number>;
  /** Successful answers by app version: which version served during a rollout. */
  byVersion: Record<string, number>;
  /** Latency of the successful answers, in ms. */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** Answered, but after more than a second (a lost SYN is resent after 1 s: a slow network). */
  slow: number;
  /** Failures by cause: an error code (ECONNREFUSED, timeout…) or an HTTP status. */
  errors: Record<string, number>;
}

export interface SamplerOptions {
  /** An http:// URL on the loopback interface (kind's port mappings): nothing else is allowed. */
  url: string;
  ratePerSecond?: number;
  /**
   * No answer for this long counts as failed. 3 s by default: like any real client, the sampler
   * lets the kernel resend a lost SYN once (after 1 s) before it calls the service down; a request
   * answered late is counted as slow, not failed.
   */
  timeoutMs?: number;
  /** The sampler stops by itself after this long, whatever happens. */
  maxDurationMs?: number;
  onSample?: (sample: Sample) => void;
  /** Extra request headers (e.g. Host, to go through an Ingress rule). */
  headers?: Record<string, string>;
}

/** Where samples come from: the host (loopback ports) or a pod inside the cluster. */
export interface SampleSource {
  readonly url: string;
  readonly rate: number;
  start(): this;
  /** Stops, and summarizes; `abandon` drops what is in flight at once (Ctrl-C). */
  stop(options?: { abandon?: boolean }): Promise<TrafficReport>;
  /** The requests sent from `from` until now (or until it stopped). */
  summary(from?: number): TrafficReport;
}

/**
 * Sends GET requests at a steady rate (a new connection each, as separate clients would) and
 * records each answer: status, answering pod, version, latency. Bounded in time.
 */
export class TrafficSampler implements SampleSource {
  readonly samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private stopTimer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  private readonly abandon = new AbortController();
  private startedAt = 0;
  private stoppedAt = 0;
  private readonly target: URL;
  readonly rate: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: SamplerOptions) {
    this.target = loopbackUrl(options.url);
    this.rate = options.ratePerSecond ?? 50;
    if (!(this.rate > 0 && this.rate <= 500)) throw new KindlabError('SAMPLER_RATE', `ratePerSecond must be in (0, 500], got ${this.rate}`);
    this.timeoutMs = options.timeoutMs ?? 3000;
    // Each request in flight listens to `abandon`: up to rate × timeout of them on a slow service.
    setMaxListeners(Math.ceil((this.rate * this.timeoutMs) / 1000) + 10, this.abandon.signal);
  }

  get url(): string {
    return this.target.toString();
  }

  start(): this {
    if (this.timer) return this;
    this.startedAt = Date.now();
    const interval = 1000 / this.rate;
    let sent = 0;
    // Catch up on late ticks so the achieved rate stays at the target even when timers drift.
    this.timer = setInterval(() => {
      const due = Math.floor((Date.now() - this.startedAt) / interval) + 1;
      while (sent < due) {
        sent++;
        this.fire();
      }
    }, Math.max(1, Math.floor(interval / 2)));
    this.stopTimer = setTimeout(() => void this.stop(), this.options.maxDurationMs ?? 15 * 60_000);
    return this;
  }

  /**
   * Stops sending, waits for the requests in flight, and summarizes. With `abandon`, the requests
   * in flight are dropped at once (Ctrl-C: nobody waits for their answers).
   */
  async stop(options: { abandon?: boolean } = {}): Promise<TrafficReport> {
    if (options.abandon) this.abandon.abort();
    if (this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
      this.stoppedAt = Date.now();
    }
    clearTimeout(this.stopTimer);
    await Promise.all([...this.inFlight]);
    return summarizeTraffic(this.target.toString(), this.samples, this.rate, this.startedAt, this.stoppedAt || Date.now());
  }

  /** The requests sent from `from` until now (or until the sampler stopped). */
  summary(from = this.startedAt): TrafficReport {
    const end = this.stoppedAt || Date.now();
    return summarizeTraffic(this.target.toString(), this.samples.filter((s) => s.at >= from), this.rate, Math.max(from, this.startedAt), end);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private fire(): void {
    const at = Date.now();
    const done = httpGet(this.target, { timeoutMs: this.timeoutMs, signal: this.abandon.signal, ...(this.options.headers ? { headers: this.options.headers } : {}) }).then((answer) => {
      if (answer.error === 'aborted') return;
      const sample: Sample = { at, latencyMs: answer.latencyMs, ...toOutcome(answer) };
      this.samples.push(sample);
      this.options.onSample?.(sample);
    });
    this.inFlight.add(done);
    void done.then(() => this.inFlight.delete(done));
  }
}

/** What one answer says: ok or not, and which pod and version answered (headers, else JSON body). */
export function toOutcome(answer: HttpAnswer & { error?: string }): Omit<Sample, 'at' | 'latencyMs'> {
  if (answer.error) return { ok: false, error: answer.error };
  let body: { pod?: string; version?: string } = {};
  try {
    body = JSON.parse(answer.body) as typeof body;
  } catch {
    // not JSON: keep the headers
  }
  const pod = answer.headers['x-pod'] || body.pod;
  const version = answer.headers['x-version'] || body.version;
  return { ok: answer.status >= 200 && answer.status < 400, status: answer.status, ...(pod ? { pod } : {}), ...(version ? { version } : {}) };
}

/** Pure summary of samples: counts, downtime windows (first failure -> next success), percentiles. */
export function summarizeTraffic(url: string, input: readonly Sample[], targetRate: number, startedAt: number, stoppedAt: number): TrafficReport {
  const samples = [...input].sort((a, b) => a.at - b.at);
  const downtime: DowntimeWindow[] = [];
  let open: { from: number; failed: number } | undefined;
  const byPod: Record<string, number> = {};
  const byVersion: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const s of samples) {
    if (s.ok) {
      if (s.pod) byPod[s.pod] = (byPod[s.pod] ?? 0) + 1;
      if (s.version) byVersion[s.version] = (byVersion[s.version] ?? 0) + 1;
      if (open) {
        downtime.push({ from: open.from, to: s.at, durationMs: s.at - open.from, failed: open.failed });
        open = undefined;
      }
    } else {
      const key = s.error ?? `HTTP ${s.status}`;
      errors[key] = (errors[key] ?? 0) + 1;
      if (open) open.failed++;
      else open = { from: s.at, failed: 1 };
    }
  }
  if (open) downtime.push({ from: open.from, to: stoppedAt, durationMs: stoppedAt - open.from, failed: open.failed });
  const latencies = samples.filter((s) => s.ok).map((s) => s.latencyMs).sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! : 0);
  const durationMs = Math.max(0, stoppedAt - startedAt);
  return {
    url,
    requests: samples.length,
    failed: samples.filter((s) => !s.ok).length,
    targetRate,
    achievedRate: durationMs > 0 ? Math.round((samples.length / durationMs) * 10_000) / 10 : 0,
    durationMs,
    downtime,
    byPod,
    byVersion,
    latencyMs: { p50: pct(50), p95: pct(95), p99: pct(99), max: latencies.at(-1) ?? 0 },
    slow: latencies.filter((l) => l > 1000).length,
    errors,
  };
}

/**
 * "8 of 1065 failed, in 2 windows, longest 380 ms (ECONNREFUSED ×6, timeout ×2)": what failed and
 * how, in one line, as the detail of a check on traffic.
 *
 * @example
 * ```ts
 * const traffic = lab.traffic({ rate: 50 });
 * await traffic.answered(25, { within: '30s' });
 * const change = await lab.setImage('demo', 'demo', 'docker.io/kindlab/demo:9.9.9-does-not-exist');
 * await lab.expect(lab.deployment('demo').condition('Progressing', 'False', 'ProgressDeadlineExceeded'), { within: '90s' });
 * const sofar = traffic.since(change.at);
 * lab.check('the old pods kept serving: zero failed requests so far', sofar.failed === 0, failedRequests(sofar));
 * ```
 * @group Sending traffic
 */
export function failedRequests(report: Pick<TrafficReport, 'requests' | 'failed' | 'downtime' | 'errors'>): string {
  const text = `${report.failed} of ${report.requests} failed`;
  if (report.failed === 0) return text;
  const longest = Math.max(0, ...report.downtime.map((w) => w.durationMs));
  const windows = `${report.downtime.length} window${report.downtime.length === 1 ? '' : 's'}, longest ${longest} ms`;
  const causes = Object.entries(report.errors).sort((a, b) => b[1] - a[1]).map(([error, n]) => `${error} ×${n}`).join(', ');
  return `${text}, in ${windows} (${causes})`;
}
