import type { CoreV1Event, KubernetesObject, V1Deployment, V1Node, V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { nodeReadyStatus } from '../kube/status.js';
import { deploymentState, podState, statusState } from './conditions.js';
import { Informer } from './informer.js';
import type { Timeline } from './timeline.js';

/** The namespaced resources labs watch: where they live and how a timeline line sums one up. */
export const resources = {
  pods: { group: '/api/v1', plural: 'pods', kind: 'Pod', state: (o: KubernetesObject) => podState(o as V1Pod) },
  replicasets: {
    group: '/apis/apps/v1',
    plural: 'replicasets',
    kind: 'RS',
    state: (o: KubernetesObject) => {
      const rs = o as V1ReplicaSet;
      return `replicas=${rs.status?.replicas ?? 0} ready=${rs.status?.readyReplicas ?? 0} (want ${rs.spec?.replicas ?? 0})`;
    },
  },
  deployments: { group: '/apis/apps/v1', plural: 'deployments', kind: 'Deploy', state: (o: KubernetesObject) => deploymentState(o as V1Deployment) },
  events: { group: '/api/v1', plural: 'events', kind: 'Event', state: () => '' },
  persistentvolumeclaims: { group: '/api/v1', plural: 'persistentvolumeclaims', kind: 'PVC', state: (o: KubernetesObject) => String((o as { status?: { phase?: string } }).status?.phase ?? '') },
  endpointslices: { group: '/apis/discovery.k8s.io/v1', plural: 'endpointslices', kind: 'EPS', state: endpointSliceState },
  services: { group: '/api/v1', plural: 'services', kind: 'Svc', state: () => '' },
  nodes: { group: '/api/v1', plural: 'nodes', kind: 'Node', clusterScoped: true, state: nodeState },
  horizontalpodautoscalers: {
    group: '/apis/autoscaling/v2',
    plural: 'horizontalpodautoscalers',
    kind: 'HPA',
    state: (o: KubernetesObject) => {
      const s = (o as { status?: { currentReplicas?: number; desiredReplicas?: number } }).status;
      return `current=${s?.currentReplicas ?? 0} desired=${s?.desiredReplicas ?? 0}`;
    },
  },
} as const;

export type ResourceName = keyof typeof resources;

function nodeState(o: KubernetesObject): string {
  const node = o as V1Node;
  const ready = nodeReadyStatus(node);
  const taints = (node.spec?.taints ?? []).map((t) => t.key.replace('node.kubernetes.io/', '')).filter((k) => !k.startsWith('node-role'));
  return `Ready=${ready ?? '?'}${taints.length ? ` taints=${taints.join(',')}` : ''}`;
}

function endpointSliceState(o: KubernetesObject): string {
  const endpoints = (o as { endpoints?: Array<{ conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean }; targetRef?: { name?: string } }> }).endpoints ?? [];
  const ready = endpoints.filter((e) => e.conditions?.ready !== false).map((e) => e.targetRef?.name ?? '?');
  return `ready=[${ready.join(' ')}] total=${endpoints.length}`;
}

/**
 * Every watch a lab needs on its namespace, created on first use and shared by all its waits;
 * each change lands in the lab's timeline. One instance per lab, stopped when the lab ends.
 */
export class NamespaceObserver {
  private readonly informers = new Map<ResourceName, Informer<KubernetesObject>>();

  constructor(
    private readonly client: KubeClient,
    readonly namespace: string,
    private readonly timeline: Timeline,
  ) {}

  informer<T extends KubernetesObject>(name: ResourceName): Informer<T> {
    let informer = this.informers.get(name);
    if (!informer) {
      const r = resources[name];
      informer = new Informer<KubernetesObject>(this.client, this.pathOf(name), {
        onEvent: (event) => {
          if (name === 'events') this.recordEvent(event.object as CoreV1Event, event.receivedAt);
          else this.timeline.recordObject(event.receivedAt, r.kind, event.type, event.object.metadata?.name ?? '', r.state(event.object));
        },
      });
      this.informers.set(name, informer);
    }
    return informer as unknown as Informer<T>;
  }

  /**
   * The watch of any collection (a kind found by discovery: Jobs, StatefulSets, a CRD's), shared
   * like the others; one of the resources above when the path is one of theirs.
   */
  informerAt<T extends KubernetesObject>(path: string, kind: string): Informer<T> {
    const known = (Object.keys(resources) as ResourceName[]).find((name) => this.pathOf(name) === path);
    if (known) return this.informer<T>(known);
    let informer = this.byPath.get(path);
    if (!informer) {
      informer = new Informer<KubernetesObject>(this.client, path, { onEvent: (event) => this.timeline.recordObject(event.receivedAt, kind, event.type, event.object.metadata?.name ?? '', statusState(event.object)) });
      this.byPath.set(path, informer);
    }
    return informer as unknown as Informer<T>;
  }

  private readonly byPath = new Map<string, Informer<KubernetesObject>>();

  private pathOf(name: ResourceName): string {
    const r = resources[name];
    return 'clusterScoped' in r ? `${r.group}/${r.plural}` : `${r.group}/namespaces/${this.namespace}/${r.plural}`;
  }

  get pods(): Informer<V1Pod> {
    return this.informer<V1Pod>('pods');
  }

  get deployments(): Informer<V1Deployment> {
    return this.informer<V1Deployment>('deployments');
  }

  get nodes(): Informer<V1Node> {
    return this.informer<V1Node>('nodes');
  }

  get replicaSets(): Informer<V1ReplicaSet> {
    return this.informer<V1ReplicaSet>('replicasets');
  }

  /** Starts the watches every lab wants from its first second, so the timeline misses nothing. */
  async startDefaults(): Promise<void> {
    const names: ResourceName[] = ['pods', 'replicasets', 'deployments', 'events'];
    await Promise.all(names.map((n) => this.informer(n).ready()));
  }

  /** How many watch connections had to be resumed (reported with the lab). */
  get resumes(): number {
    return [...this.informers.values(), ...this.byPath.values()].reduce((n, i) => n + i.resumeCount, 0);
  }

  get watchCount(): number {
    return this.informers.size + this.byPath.size;
  }

  stop(): void {
    for (const informer of [...this.informers.values(), ...this.byPath.values()]) informer.stop();
    this.informers.clear();
    this.byPath.clear();
  }

  private readonly seenEvents = new Map<string, number>();

  private recordEvent(event: CoreV1Event, at: number): void {
    const key = event.metadata?.uid ?? `${event.reason}/${event.involvedObject.name}`;
    const count = event.count ?? event.series?.count ?? 1;
    if ((this.seenEvents.get(key) ?? 0) >= count) return;
    this.seenEvents.set(key, count);
    this.timeline.record({
      kind: 'event',
      at,
      type: event.type ?? 'Normal',
      reason: event.reason ?? '',
      object: `${event.involvedObject.kind ?? ''}/${event.involvedObject.name ?? ''}`,
      message: (event.message ?? '').split('\n')[0] ?? '',
    });
  }
}
