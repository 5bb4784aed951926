import { messageOf } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { sendJson } from '../kube/raw.js';
import { retryTransient } from '../kube/retry.js';
import { startHelperPod, type HelperPod } from './helper-pod.js';
import type { HttpAnswer } from './http.js';
import { nodeAddress, nodeAddressEnv, samplerLabel } from './pod-sampler.js';

export interface PodClientOptions {
  client: KubeClient;
  namespace: string;
  /** kindlab's demo image: its server relays one GET (`/fetch`). */
  image: string;
  /** For the pod to start. */
  startTimeoutMs?: number;
}

/**
 * One GET at a time from inside the cluster, for a cluster whose ports the host cannot reach: a
 * pod of kindlab's demo image relays each request (its `/fetch`), asked through the API server's
 * proxy. Started on the first request, deleted by {@link PodClient.stop}.
 */
export class PodClient {
  private readonly name = `kindlab-client-${Math.random().toString(36).slice(2, 7)}`;
  private pod: HelperPod | undefined;

  constructor(private readonly o: PodClientOptions) {}

  /** GET `url` ({@link nodeAddress} in it: the pod's node); never throws for a failed request. */
  async get(url: string, options: { host?: string; signal?: AbortSignal } = {}): Promise<HttpAnswer & { error?: string }> {
    const pod = await (this.pod ??= this.launch()).up;
    const target = url.replace(nodeAddress, pod.status?.hostIP ?? '');
    const query = new URLSearchParams({ url: target, ...(options.host ? { host: options.host } : {}) });
    const started = Date.now();
    const path = `/api/v1/namespaces/${this.o.namespace}/pods/${this.name}:8080/proxy/fetch?${query}`;
    const reply = await retryTransient(`GET ${target} from pod ${this.name}`, () => sendJson(this.o.client, 'GET', path), options.signal ? { signal: options.signal } : {}).catch((e: unknown) => ({ status: 0, body: JSON.stringify({ error: messageOf(e) }) }));
    return relayed(reply.body, Date.now() - started);
  }

  async stop(): Promise<void> {
    await this.pod?.delete();
  }

  private launch(): HelperPod {
    return startHelperPod({
      client: this.o.client,
      namespace: this.o.namespace,
      name: this.name,
      labels: { ...samplerLabel, 'kindlab.dev/role': 'client' },
      image: this.o.image,
      container: { name: 'client', env: nodeAddressEnv, ports: [{ containerPort: 8080 }], readinessProbe: { httpGet: { path: '/readyz', port: 8080 }, periodSeconds: 1 } },
      what: 'the in-cluster HTTP client pod',
      until: 'ready',
      timeoutMs: this.o.startTimeoutMs ?? 90_000,
    });
  }
}

/** Pure: the demo's /fetch answer as the host's {@link HttpAnswer} (an error: status 0 and its code). */
export function relayed(body: string, latencyMs: number): HttpAnswer & { error?: string } {
  let answer: { status?: unknown; headers?: unknown; body?: unknown; error?: unknown; message?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return { status: 0, headers: {}, body: '', latencyMs, error: `the client pod answered ${body.slice(0, 80)}` };
  }
  if (typeof answer.error === 'string') return { status: 0, headers: {}, body: '', latencyMs, error: answer.error };
  // Not the pod's answer but the API server's (a Status): the proxy did not reach the pod.
  if (typeof answer.status !== 'number') return { status: 0, headers: {}, body: '', latencyMs, error: typeof answer.message === 'string' ? answer.message : 'no answer from the client pod' };
  const headers = answer.headers && typeof answer.headers === 'object' ? Object.fromEntries(Object.entries(answer.headers).filter(([, v]) => typeof v === 'string')) as Record<string, string> : {};
  return { status: answer.status, headers, body: typeof answer.body === 'string' ? answer.body : '', latencyMs };
}
