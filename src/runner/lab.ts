import type { V1Pod, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { Duration } from '../core/duration.js';
import type { Met } from '../core/wait.js';
import type { ExecResult } from '../kube/exec.js';
import type { ManifestSource } from '../kube/intake.js';
import type { HttpAnswer } from '../observe/http.js';
import type { TrafficReport } from '../observe/sampler.js';
import type { Expectation } from './expect/expectation.js';
import type { PodMilestones } from './history.js';
import type { ControlPlaneComponent, DeploymentQueries, NodeInfo, PodQueries, ServiceQueries, SinglePodQueries } from './lab-queries.js';

export type { ControlPlaneComponent, DeploymentQueries, NodeInfo, PodQueries, ReplicaSetInfo, ServiceQueries, SinglePodQueries } from './lab-queries.js';

/**
 * What a lab needs from the cluster beyond the basics, checked before it starts:
 * traffic (NodePorts on 127.0.0.1 that reach this cluster), ingress (the Ingress controller, on
 * 127.0.0.1), metrics (metrics-server), node-chaos (stopping nodes: kind only), control-plane
 * (its components visible as pods), two-workers (two nodes that take ordinary pods).
 */
export type LabNeed = 'traffic' | 'ingress' | 'metrics' | 'node-chaos' | 'control-plane' | 'two-workers';

export interface LabDefinition {
  id: string;
  title: { fr: string; en: string };
  /** The course section it teaches (chapter 7). */
  section: string;
  /** Expected duration on a warm cluster, e.g. "90s". */
  duration: Duration;
  needs: LabNeed[];
  /** Runs alone on the whole cluster: it disturbs it (stops nodes, loads CPUs). */
  exclusive?: boolean;
  /** Cluster-scoped kinds its manifests may create (none by default: everything stays in its namespace). */
  clusterScoped?: string[];
  /** Folder of its manifests, from the project's root (default: manifests/<id>). */
  manifests?: string;
  run(lab: Lab): Promise<void>;
}

export function defineLab(definition: LabDefinition): LabDefinition {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(definition.id)) throw new Error(`lab id "${definition.id}" must be lowercase words joined by dashes`);
  return definition;
}

export interface ExpectOptions {
  within: Duration;
  /** The check's name (default: what the expectation says it awaits). */
  what?: string;
  /** Shown when it fails: the concept at stake and where the course explains it (exercises). */
  hint?: string;
}

export interface HttpTarget {
  /** Host port on 127.0.0.1 (default: the lab's NodePort). */
  port?: number;
  path?: string;
  /** Host header (to match an Ingress rule). */
  host?: string;
}

export interface TrafficOptions extends HttpTarget {
  /** Requests per second (default 50). */
  rate?: number;
  /**
   * From inside the cluster, to this Service of the lab's namespace by its DNS name (a sampler
   * pod sends the requests): no host port needed, as on a shared or remote cluster.
   */
  service?: string;
  /** The Service's port (default 80), with `service`. */
  servicePort?: number;
  /** With `service`: keep the sampler pod off this node (the one the lab is about to stop). */
  avoidNode?: string;
}

/** A running traffic sampler against the lab's NodePort. */
export interface Traffic {
  /** Resolves once `count` successful answers arrived after this call; a failed check on its deadline. */
  answered(count: number, options: { within: Duration; what?: string; hint?: string }): Promise<void>;
  /** A summary of the requests sent from `from` (ms since epoch) until now. */
  since(from: number): TrafficReport;
  stop(): Promise<TrafficReport>;
}

export interface Action<T = void> {
  /** When the action was done (ms since epoch), as recorded in the timeline. */
  at: number;
  value: T;
}




/**
 * The API a lab is written against: apply → act → expect within a deadline → measure. Every
 * Kubernetes detail (clients, watches, retries, diagnosis) stays behind it.
 */
export interface Lab {
  readonly id: string;
  readonly namespace: string;
  /** The NodePort reserved for this lab (labs that need traffic), reachable on 127.0.0.1. */
  readonly nodePort: number;
  /** The Ingress controller's HTTP port on 127.0.0.1. */
  readonly ingressPort: number;
  readonly signal: AbortSignal;

  /** A named group of actions and checks; a failing check ends the step and the lab. */
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  /** Server-side applies manifests/<lab>/<file> into the lab's namespace (${VARS} filled). */
  apply(file: string, vars?: Record<string, string>): Promise<Action>;
  /** The same for files from elsewhere (a student's): the same door, the same rules. */
  applyFiles(sources: ManifestSource[], what: string): Promise<Action>;
  /** Waits, on watch events, until the expectation holds; a check that fails on its deadline. */
  expect<V>(expectation: Expectation<V>, options: ExpectOptions): Promise<Met<V>>;
  /** A check that the expectation does NOT come true for a while (no restart for 20 s…); fails the moment it does. */
  expectNot<V>(expectation: Expectation<V>, options: { for: Duration; what: string; hint?: string }): Promise<void>;
  /**
   * For state the API does not hold (a file's content inside a pod): runs `probe` every `every`
   * until it returns true, within the deadline. Its time resolution is `every`.
   */
  eventually(what: string, probe: () => Promise<true | string>, options: { within: Duration; every: Duration; hint?: string }): Promise<Met<void>>;
  /** An immediate check of something already measured (with a hint, for exercises). */
  check(name: string, ok: boolean, detail?: string, hint?: string): void;
  measure(name: string, value: number, unit: string, description?: string, details?: unknown): void;
  note(text: string): void;

  /** One GET from the host to the cluster's entry points on loopback. */
  http(target?: HttpTarget): Promise<HttpAnswer & { error?: string }>;
  /** A GET on the API server itself (e.g. /readyz?verbose). */
  apiGet(path: string): Promise<{ status: number; body: string }>;

  // what is observed
  pods(selector: string): PodQueries;
  pod(name: string): SinglePodQueries;
  deployment(name: string): DeploymentQueries;
  claim(name: string): { bound(): Expectation<V1PersistentVolumeClaim> };
  service(name: string): ServiceQueries;
  autoscaler(name: string): { readsCpu(): Expectation<number> };
  /** Any condition on the pods of a selector. */
  podsWhere(selector: string, what: string, test: (pods: V1Pod[]) => true | string): Expectation<V1Pod[]>;
  nodes(): Promise<NodeInfo[]>;
  node(name: string): { ready(): Expectation<void>; notReady(): Expectation<void> };
  /** The control plane's components as the cluster runs them (static pods in kube-system). */
  controlPlane(): Promise<ControlPlaneComponent[]>;
  /** An event with this reason about this object (e.g. FailedScheduling on a pod); the value is its message. */
  event(reason: string, objectName: string): Expectation<string>;
  /** When the lab first saw a pod created, scheduled, running and Ready (watch events). */
  milestones(pod: string): PodMilestones;
  /** The successive `spec.replicas` of a ReplicaSet as observed (e.g. [3, 2, 1, 0]). */
  replicaHistory(replicaSet: string): number[];

  // actions
  deletePod(name: string): Promise<Action>;
  /** Stops the main process of a container (as a crash would): the kubelet restarts it. */
  killMainProcess(pod: string, container?: string): Promise<Action<{ restartsBefore: number }>>;
  exec(pod: string, command: string[], container?: string): Promise<ExecResult>;
  setImage(deployment: string, container: string, image: string): Promise<Action>;
  /** What `kubectl rollout restart` does: a new restartedAt annotation on the pod template. */
  rolloutRestart(deployment: string): Promise<Action>;
  scale(deployment: string, replicas: number): Promise<Action>;
  /** What `kubectl rollout undo` does: the previous ReplicaSet's pod template goes back. */
  rolloutUndo(deployment: string): Promise<Action<{ toRevision: string }>>;
  /** In-place vertical scaling: new requests/limits for a running container (pods/resize). */
  resizePod(pod: string, container: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> }): Promise<Action>;
  /** Sets one key of a ConfigMap of the namespace (what `kubectl edit configmap` would). */
  setConfigMapData(name: string, key: string, value: string): Promise<Action>;
  /** A value of a ConfigMap or Secret of the namespace, to compare digests with; never to print. */
  configValue(kind: 'ConfigMap' | 'Secret', name: string, key: string): Promise<string | undefined>;
  /** Adds (or, with null, removes) a node label; undone when the lab ends. */
  labelNode(node: string, key: string, value: string | null): Promise<Action>;
  /** Stops a node's container (kind only): the machine is gone. Started again when the lab ends. */
  stopNode(node: string): Promise<Action>;
  startNode(node: string): Promise<Action>;
  traffic(options?: TrafficOptions): Traffic;
}
