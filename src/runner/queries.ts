import type { V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { retryTransient } from '../kube/retry.js';
import { isNodeReady, isPodReady, isSchedulable, lastTermination, restartCount } from '../kube/status.js';
import { matchesSelector } from '../observe/conditions.js';
import type { NamespaceObserver } from '../observe/observer.js';
import { eventSeen, nodeReadyIs } from './expect/cluster.js';
import type { Expectation } from './expect/expectation.js';
import { endpointsAre, endpointsCount, endpointsExclude, readyEndpointPods } from './expect/network.js';
import { podGone, podPlacement, podRecreated, podRemoved, podsRestarted, podReplaced, podResourcesApplied, podRestartedAndReady, podsCount, podsGone, podsInPhase, podsReady, podsReadyOn, podsSatisfy, podsTerminatedWith } from './expect/pods.js';
import { autoscalerReadsCpu, claimBound, deploymentAvailable, deploymentHasCondition, deploymentRolledOut } from './expect/workloads.js';
import type { LabHistory } from './history.js';
import type { KindWatches } from './kind-watches.js';
import type { ControlPlaneComponent, DeploymentQueries, NodeInfo, PodQueries, ServiceQueries, SinglePodQueries } from './lab.js';

/** The observing half of the lab API: current objects, and the expectations built on them. */
export class LabQueries {
  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly observer: NamespaceObserver,
    private readonly history: LabHistory,
    /** Generation of each Deployment after the lab's own last change (read-your-writes for waits). */
    private readonly generations: ReadonlyMap<string, number>,
    readonly watches: KindWatches,
  ) {}

  pods(selector: string): PodQueries {
    const all = () => [...this.observer.pods.objects.values()].filter((p) => matchesSelector(p, selector));
    return {
      ready: (count) => podsReady(selector, count),
      readyAtLeast: (count) => podsReady(selector, count, true),
      readyOn: (node, count) => podsReadyOn(selector, node, count),
      replaced: (gone, previous, count, goneUid) => podReplaced(selector, gone, previous, count, goneUid),
      count: (count, without) => podsCount(selector, count, without),
      none: () => podsGone(selector),
      inPhase: (phase, count) => podsInPhase(selector, phase, count),
      terminatedWith: (reason) => podsTerminatedWith(selector, reason),
      restarted: () => podsRestarted(selector),
      list: all,
      readyNames: () => all().filter(isPodReady).map((p) => p.metadata!.name!).sort(),
      perNode: () => {
        const perNode = new Map<string, number>();
        for (const p of all().filter(isPodReady)) perNode.set(p.spec?.nodeName ?? '', (perNode.get(p.spec?.nodeName ?? '') ?? 0) + 1);
        return perNode;
      },
    };
  }

  pod(name: string): SinglePodQueries {
    const get = () => this.observer.pods.objects.get(`${this.namespace}/${name}`);
    return {
      restartedAndReady: (min) => podRestartedAndReady(name, min),
      recreated: (uid) => podRecreated(name, uid),
      gone: () => podGone(name),
      removed: () => podRemoved(name, () => this.history.milestones(name).created !== undefined),
      scheduled: () => podPlacement(name, true),
      pending: () => podPlacement(name, false),
      resourcesApplied: (container, limits) => podResourcesApplied(name, container, limits),
      get,
      restarts: (container) => {
        const pod = get();
        return pod ? restartCount(pod, container) : 0;
      },
      lastTermination: (container) => {
        const pod = get();
        return pod ? lastTermination(pod, container) : undefined;
      },
    };
  }

  deployment(name: string): DeploymentQueries {
    const get = () => this.observer.deployments.objects.get(`${this.namespace}/${name}`) as V1Deployment | undefined;
    return {
      available: (n) => deploymentAvailable(name, n),
      rolledOut: () => deploymentRolledOut(name, this.generations.get(name)),
      condition: (type, status, reason) => deploymentHasCondition(name, type, status, reason),
      get,
      image: (container) => get()?.spec?.template?.spec?.containers.find((c) => !container || c.name === container)?.image,
      replicaSets: () => this.history.replicaSetsOf(name).map(({ set: _set, ...info }) => info),
      replicaTimeline: () => this.history.replicaTimeline(name),
    };
  }

  claim(name: string) {
    return { bound: () => claimBound(name) };
  }

  autoscaler(name: string) {
    return { readsCpu: () => autoscalerReadsCpu(name) };
  }

  service(name: string): ServiceQueries {
    const slices = this.observer.informer('endpointslices');
    return {
      clusterIP: async () => (await retryTransient(`reading service ${this.namespace}/${name}`, () => this.client.core.readNamespacedService({ name, namespace: this.namespace }))).spec?.clusterIP ?? '',
      endpoints: async () => readyEndpointPods(await slices.current(), name),
      endpointsAre: (pods) => endpointsAre(name, pods),
      excludes: (pod) => endpointsExclude(name, pod),
      readyEndpoints: (count) => endpointsCount(name, count),
    };
  }

  podsWhere(selector: string, what: string, test: (pods: V1Pod[]) => true | string): Expectation<V1Pod[]> {
    return podsSatisfy(selector, what, test);
  }

  async nodes(): Promise<NodeInfo[]> {
    const nodes = await this.observer.nodes.current();
    return nodes.map(nodeInfo).sort((a, b) => a.name.localeCompare(b.name));
  }

  node(name: string) {
    return { ready: () => nodeReadyIs(name, true), notReady: () => nodeReadyIs(name, false) };
  }

  event(reason: string, objectName: string): Expectation<string> {
    return eventSeen(reason, objectName);
  }

  /** The control plane's static pods (kubeadm labels them tier=control-plane in kube-system). */
  async controlPlane(): Promise<ControlPlaneComponent[]> {
    const list = await retryTransient('listing the control plane pods', () => this.client.core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'tier=control-plane' }));
    return list.items.map((p) => ({ component: p.metadata?.labels?.component ?? '', pod: p.metadata?.name ?? '', node: p.spec?.nodeName ?? '', ready: isPodReady(p) }));
  }
}

export function nodeInfo(node: V1Node): NodeInfo {
  return {
    name: node.metadata?.name ?? '',
    ready: isNodeReady(node),
    schedulable: isSchedulable(node),
    roles: Object.keys(node.metadata?.labels ?? {}).filter((l) => l.startsWith('node-role.kubernetes.io/')).map((l) => l.slice('node-role.kubernetes.io/'.length)),
    kubelet: node.status?.nodeInfo?.kubeletVersion ?? '',
    runtime: node.status?.nodeInfo?.containerRuntimeVersion ?? '',
  };
}
