import type { V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { isPodReady, matchesSelector } from '../observe/conditions.js';
import type { NamespaceObserver } from '../observe/observer.js';
import {
  claimBound,
  deploymentAvailable,
  deploymentHasCondition,
  deploymentRolledOut,
  endpointsAre,
  endpointsCount,
  endpointsExclude,
  eventSeen,
  nodeReadyIs,
  podGone,
  podReplaced,
  podRestartedAndReady,
  podsGone,
  podsReady,
  podsSatisfy,
  readyEndpointPods,
  type Expectation,
} from './expectations.js';
import type { DeploymentQueries, PodQueries, ServiceQueries, SinglePodQueries } from './lab.js';
import { retryTransient } from '../kube/retry.js';

/** The observing half of the lab API: current objects and the expectations built on them. */
export class LabQueries {
  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
    private readonly observer: NamespaceObserver,
    /** Generation of each Deployment after the lab's own last change (read-your-writes for waits). */
    private readonly generations: ReadonlyMap<string, number>,
  ) {}

  pods(selector: string): PodQueries {
    const all = () => [...this.observer.pods.objects.values()].filter((p) => matchesSelector(p, selector));
    return {
      ready: (count) => podsReady(selector, count),
      replaced: (gone, previous, count) => podReplaced(selector, gone, previous, count),
      none: () => podsGone(selector),
      list: all,
      readyNames: () => all().filter(isPodReady).map((p) => p.metadata!.name!).sort(),
    };
  }

  pod(name: string): SinglePodQueries {
    return {
      restartedAndReady: (min) => podRestartedAndReady(name, min),
      gone: () => podGone(name),
      get: () => this.observer.pods.objects.get(`${this.namespace}/${name}`),
    };
  }

  deployment(name: string): DeploymentQueries {
    return {
      available: (n) => deploymentAvailable(name, n),
      rolledOut: () => deploymentRolledOut(name, this.generations.get(name)),
      condition: (type, status, reason) => deploymentHasCondition(name, type, status, reason),
      get: () => this.observer.deployments.objects.get(`${this.namespace}/${name}`) as V1Deployment | undefined,
    };
  }

  claim(name: string): { bound(): Expectation<void> } {
    return { bound: () => claimBound(name) };
  }

  service(name: string): ServiceQueries {
    const slices = () => [...this.observer.informer('endpointslices').objects.values()];
    return {
      clusterIP: async () => (await retryTransient(`reading service ${this.namespace}/${name}`, () => this.client.core.readNamespacedService({ name, namespace: this.namespace }))).spec?.clusterIP ?? '',
      endpoints: () => readyEndpointPods(slices(), name),
      endpointsAre: (pods) => endpointsAre(name, pods),
      excludes: (pod) => endpointsExclude(name, pod),
      readyEndpoints: (count) => endpointsCount(name, count),
    };
  }

  podsWhere(selector: string, what: string, test: (pods: V1Pod[]) => true | string): Expectation<V1Pod[]> {
    return podsSatisfy(selector, what, test);
  }

  nodes(): V1Node[] {
    return [...this.observer.informer<V1Node>('nodes').objects.values()].sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  }

  node(name: string): { ready(): Expectation<void>; notReady(): Expectation<void> } {
    return { ready: () => nodeReadyIs(name, true), notReady: () => nodeReadyIs(name, false) };
  }

  event(reason: string, objectName: string): Expectation<string> {
    return eventSeen(reason, objectName);
  }

  async podsIn(namespace: string, selector?: string): Promise<V1Pod[]> {
    const list = await retryTransient(`listing pods in ${namespace}`, () => this.client.core.listNamespacedPod({ namespace, ...(selector ? { labelSelector: selector } : {}) }));
    return list.items;
  }
}
