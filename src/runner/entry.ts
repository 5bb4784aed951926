import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { retryTransient } from '../kube/retry.js';
import { isPodReady } from '../kube/status.js';
import { addons } from '../observe/addons.js';
import type { HttpAnswer } from '../observe/http.js';
import { PodClient } from '../observe/pod-client.js';
import { nodeAddress, PodSampler } from '../observe/pod-sampler.js';
import type { Sample } from '../observe/sampler.js';
import { selectorString } from '../kube/selectors.js';

/**
 * How a lab's requests for a host port reach the cluster: through 127.0.0.1 (kindlab's cluster
 * publishes its NodePorts and the Ingress port there), or, on any other cluster, from a pod inside
 * it. `why` says why the host's ports do not lead there.
 */
export type EntryRoute = { via: 'host' } | { via: 'cluster'; why: string };

export interface InClusterEntryOptions {
  client: KubeClient;
  /** Where the sampler and the client pod run. */
  namespace: string;
  /** kindlab's demo image: the sampler and the client. */
  image: string;
  /** The port that stands for the Ingress controller on the host. */
  ingressPort: number;
}

/**
 * The host's entry points, from inside the cluster: a NodePort is asked on the address of the
 * node the requesting pod runs on (NodePorts open on every node); the Ingress port goes to the
 * Ingress controller's pod. Same requests and figures as from the host; only the first hop differs.
 */
export class InClusterEntry {
  private client: PodClient | undefined;

  constructor(private readonly o: InClusterEntryOptions) {}

  sampler(target: { port: number; path?: string; host?: string }, rate: number, onSample: (s: Sample) => void, avoidNode?: string): PodSampler {
    const ingress = target.port === this.o.ingressPort;
    return new PodSampler({
      client: this.o.client,
      namespace: this.o.namespace,
      image: this.o.image,
      url: ingress ? `http://<ingress controller>${target.path ?? '/'}` : this.nodePortUrl(target.port, target.path),
      ...(ingress ? { resolveUrl: () => this.ingressUrl(target.path) } : {}),
      ...(target.host ? { host: target.host } : {}),
      ratePerSecond: rate,
      onSample,
      ...(avoidNode ? { avoidNode } : {}),
    });
  }

  async http(target: { port: number; path?: string; host?: string }, signal?: AbortSignal): Promise<HttpAnswer & { error?: string; url: string }> {
    const url = target.port === this.o.ingressPort ? await this.ingressUrl(target.path) : this.nodePortUrl(target.port, target.path);
    this.client ??= new PodClient({ client: this.o.client, namespace: this.o.namespace, image: this.o.image });
    return { ...(await this.client.get(url, { ...(target.host ? { host: target.host } : {}), ...(signal ? { signal } : {}) })), url };
  }

  async stop(): Promise<void> {
    await this.client?.stop();
  }

  private nodePortUrl(port: number, path = '/'): string {
    return `http://${nodeAddress}:${port}${path}`;
  }

  /** A Ready pod of the Ingress controller kindlab installs, on its HTTP port. */
  private async ingressUrl(path = '/'): Promise<string> {
    const addon = addons.find((a) => a.need === 'ingress')!;
    const deployment = await retryTransient(`reading the Ingress controller ${addon.namespace}/${addon.workload.name}`, (): Promise<V1Deployment> => this.o.client.apps.readNamespacedDeployment({ name: addon.workload.name, namespace: addon.namespace }));
    const selector = selectorString(deployment.spec?.selector);
    const pods = await retryTransient('listing the Ingress controller\'s pods', () => this.o.client.core.listNamespacedPod({ namespace: addon.namespace, labelSelector: selector }));
    const pod = pods.items.find((p: V1Pod) => isPodReady(p) && p.status?.podIP);
    if (!pod) throw new KindlabError('NEED_MISSING', `no Ready pod of the Ingress controller ${addon.namespace}/${addon.workload.name}`, { fix: '`kindlab up` installs it; `kubectl -n traefik get pods` says how it fares' });
    const port = pod.spec?.containers.flatMap((c) => c.ports ?? []).find((p) => p.name === 'web')?.containerPort ?? 80;
    return `http://${pod.status!.podIP}:${port}${path}`;
  }
}
