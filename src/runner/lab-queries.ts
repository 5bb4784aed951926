import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { Expectation } from './expect/expectation.js';
import type { ReplicaPoint } from './history.js';

/** What the lab API answers about the lab's objects: current state, and expectations to wait on. */
export interface ControlPlaneComponent {
  component: string;
  pod: string;
  node: string;
  ready: boolean;
}

export interface ReplicaSetInfo {
  name: string;
  revision: string;
  replicas: number;
  image: string;
  /** The label selector of its pods (pod-template-hash included). */
  podSelector: string;
  templateHash: string;
}

export interface NodeInfo {
  name: string;
  ready: boolean;
  /** Takes ordinary pods (no NoSchedule taint): a worker, on kind. */
  schedulable: boolean;
  roles: string[];
  kubelet: string;
  runtime: string;
}

export interface PodQueries {
  ready(count: number): Expectation<V1Pod[]>;
  readyAtLeast(count: number): Expectation<V1Pod[]>;
  /** `count` Ready pods, every one on `node`. */
  readyOn(node: string, count: number): Expectation<V1Pod[]>;
  /** A pod other than `previous` pods takes the place of `gone`, and `count` are Ready. */
  replaced(gone: string, previous: string[], count: number): Expectation<V1Pod>;
  /** Exactly `count` pods left (terminating ones aside), none of those named. */
  count(count: number, without?: string[]): Expectation<V1Pod[]>;
  /** No pod matches any more (terminating ones included): e.g. an old ReplicaSet's pods are gone. */
  none(): Expectation<void>;
  /** A container was stopped for this reason (e.g. OOMKilled). */
  terminatedWith(reason: string): Expectation<V1Pod>;
  /** A container of these pods restarted. */
  restarted(): Expectation<V1Pod>;
  list(): V1Pod[];
  readyNames(): string[];
  /** Where the pods run: node → number of pods. */
  perNode(): Map<string, number>;
}

export interface SinglePodQueries {
  restartedAndReady(minRestarts: number): Expectation<V1Pod>;
  gone(): Expectation<void>;
  /** Seen created by this lab's watch, then gone (a pod that lived only a moment counts). */
  removed(): Expectation<void>;
  /** Bound to a node; the value is the node. */
  scheduled(): Expectation<string>;
  /** Pending on no node. */
  pending(): Expectation<string>;
  resourcesApplied(container: string, limits: Record<string, string>): Expectation<V1Pod>;
  get(): V1Pod | undefined;
  restarts(container?: string): number;
  /** Why its container last stopped (OOMKilled, Error…), if it ever did. */
  lastTermination(container?: string): string | undefined;
}

export interface ServiceQueries {
  /** The Service's ClusterIP (from the API). */
  clusterIP(): Promise<string>;
  endpoints(): Promise<string[]>;
  endpointsAre(pods: string[]): Expectation<string[]>;
  excludes(pod: string): Expectation<string[]>;
  readyEndpoints(count: number): Expectation<string[]>;
}

export interface DeploymentQueries {
  available(replicas: number): Expectation<V1Deployment>;
  rolledOut(): Expectation<V1Deployment>;
  condition(type: string, status: string, reason?: string): Expectation<V1Deployment>;
  get(): V1Deployment | undefined;
  /** The image of a container of its pod template (the first by default). */
  image(container?: string): string | undefined;
  /** Its ReplicaSets, oldest revision first. */
  replicaSets(): ReplicaSetInfo[];
  /** Observed replica counts over time (spec and ready), from watch events. */
  replicaTimeline(): ReplicaPoint[];
}
