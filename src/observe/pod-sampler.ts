import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { followLog } from '../kube/logs.js';
import { startHelperPod, type HelperPod } from './helper-pod.js';
import { summarizeTraffic, type Sample, type SampleSource, type TrafficReport } from './sampler.js';

export interface PodSamplerOptions {
  client: KubeClient;
  namespace: string;
  /** The image with the sampler (kindlab's demo image: `demo sample`). */
  image: string;
  /** A URL inside the cluster, e.g. http://web.my-ns.svc.cluster.local/; {@link nodeAddress} in it is the pod's node. */
  url: string;
  /** Where the URL is only known once the pod starts (another pod's address): `url` then only describes it. */
  resolveUrl?: () => Promise<string>;
  /** The Host header, when not the URL's (an Ingress rule's host). */
  host?: string;
  ratePerSecond?: number;
  /** The pod stops by itself after this long, whatever happens. */
  maxDurationMs?: number;
  onSample?: (sample: Sample) => void;
  /** Keep the sampler off this node (one that is about to be stopped). */
  avoidNode?: string;
  /** A request with no answer within this long counts as failed (default 3 s). */
  timeoutMs?: number;
}

/** In a URL a kindlab pod is given: the address of the node it runs on (the kubelet fills it in from the pod's env). */
export const nodeAddress = '$(HOST_IP)';

/** The env that makes {@link nodeAddress} the pod's node. */
export const nodeAddressEnv = [{ name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } }];

export const samplerLabel = { 'app.kubernetes.io/managed-by': 'kindlab', 'kindlab.dev/role': 'sampler' };

/**
 * Traffic from inside the cluster: a pod in the namespace sends the requests (by the Service's
 * DNS name, as other pods would) and writes one JSON line per request; kindlab follows its log.
 * Nothing needs a host port, so it works on a shared or remote cluster. Same report as the host
 * sampler.
 */
export class PodSampler implements SampleSource {
  readonly samples: Sample[] = [];
  readonly rate: number;
  private readonly name = `kindlab-sampler-${Math.random().toString(36).slice(2, 7)}`;
  private startedAt = 0;
  private stoppedAt = 0;
  private logs: AbortController | undefined;
  private pod: HelperPod | undefined;
  private started: Promise<void> | undefined;
  private pending = '';

  constructor(private readonly o: PodSamplerOptions) {
    this.rate = o.ratePerSecond ?? 50;
    if (!(this.rate > 0 && this.rate <= 500)) throw new KindlabError('SAMPLER_RATE', `ratePerSecond must be in (0, 500], got ${this.rate}`);
  }

  /** Where the requests go, as a reader would say it. */
  get url(): string {
    return this.o.url.replace(nodeAddress, '<its node>');
  }

  start(): this {
    this.startedAt = Date.now();
    this.started = this.launch();
    // A failure to start surfaces in the waits on this traffic (no answer), and in stop().
    this.started.catch(() => undefined);
    return this;
  }

  async stop(options: { abandon?: boolean } = {}): Promise<TrafficReport> {
    if (!this.stoppedAt) this.stoppedAt = Date.now();
    this.logs?.abort();
    await this.pod?.delete();
    if (!options.abandon) await this.started?.catch(() => undefined);
    return this.summary(this.startedAt);
  }

  summary(from = this.startedAt): TrafficReport {
    const end = this.stoppedAt || Date.now();
    return summarizeTraffic(this.url, this.samples.filter((s) => s.at >= from), this.rate, Math.max(from, this.startedAt), end);
  }

  private async launch(): Promise<void> {
    const { client, namespace, avoidNode } = this.o;
    const seconds = Math.ceil((this.o.maxDurationMs ?? 15 * 60_000) / 1000);
    const url = this.o.resolveUrl ? await this.o.resolveUrl() : this.o.url;
    this.pod = startHelperPod({
      client,
      namespace,
      name: this.name,
      labels: samplerLabel,
      image: this.o.image,
      spec: {
        restartPolicy: 'Never',
        ...(avoidNode ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: [avoidNode] }] }] } } } } : {}),
        activeDeadlineSeconds: seconds + 30,
      },
      container: {
        name: 'sampler',
        env: nodeAddressEnv,
        args: ['sample', '--url', url, ...(this.o.host ? ['--host', this.o.host] : []), '--rate', String(this.rate), '--duration', `${seconds}s`, '--timeout', `${Math.max(1, Math.round(this.o.timeoutMs ?? 3000))}ms`],
      },
      what: 'the traffic sampler pod',
      until: 'started',
      timeoutMs: 90_000,
    });
    await this.pod.up;
    if (this.stoppedAt) return;
    this.logs = new AbortController();
    await followLog(client, { namespace, pod: this.name, container: 'sampler', signal: this.logs.signal, onText: (text) => this.take(text) });
  }

  /** One JSON line per request; anything else (a Go log line) is not a sample. */
  private take(text: string): void {
    this.pending += text;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) {
      let raw: { at?: number; latencyMs?: number; status?: number; pod?: string; version?: string; error?: string };
      try {
        raw = JSON.parse(line) as typeof raw;
      } catch {
        continue;
      }
      if (typeof raw.at !== 'number') continue;
      const ok = !raw.error && (raw.status ?? 0) >= 200 && (raw.status ?? 0) < 400;
      const sample: Sample = { at: raw.at, latencyMs: raw.latencyMs ?? 0, ok, ...(raw.status ? { status: raw.status } : {}), ...(raw.pod ? { pod: raw.pod } : {}), ...(raw.version ? { version: raw.version } : {}), ...(raw.error ? { error: raw.error } : {}) };
      this.samples.push(sample);
      this.o.onSample?.(sample);
    }
  }
}
