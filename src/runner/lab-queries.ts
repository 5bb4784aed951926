import type { Expectation } from './expect/expectation.js';
import type { ReplicaPoint } from './history.js';
import type { Deployment } from './lab-types.js';

/**
 * A component of the control plane as {@link Lab.controlPlane} finds it: a static pod in kube-system.
 *
 * @group Results and options
 */
export interface ControlPlaneComponent {
  /** Its name: kube-apiserver, kube-scheduler, kube-controller-manager, etcd. */
  component: string;
  /** The static pod that runs it. */
  pod: string;
  /** The node it runs on. */
  node: string;
  /** Its pod is Ready. */
  ready: boolean;
}

/**
 * A ReplicaSet of a Deployment as a lab reads it ({@link DeploymentQueries.replicaSets}): its
 * revision, and the selector of its pods, to wait for an old revision's pods to go.
 *
 * @group Results and options
 */
export interface ReplicaSetInfo {
  /** The ReplicaSet's name, for {@link Lab.replicaHistory}. */
  name: string;
  /** Its revision (annotation deployment.kubernetes.io/revision). */
  revision: string;
  /** Its `spec.replicas` as last seen. */
  replicas: number;
  /** The image of its pod template's first container. */
  image: string;
  /** The label selector of its pods (pod-template-hash included). */
  podSelector: string;
  /** Its pod-template-hash label: a pod created by hand with it is one of its pods. */
  templateHash: string;
}

/**
 * A node as {@link Lab.nodes} lists it.
 *
 * @group Results and options
 */
export interface NodeInfo {
  /** The node's name (on kind, its container's name). */
  name: string;
  /** Its Ready condition is True. */
  ready: boolean;
  /** Takes ordinary pods (no NoSchedule taint): a worker, on kind. */
  schedulable: boolean;
  /** Its node-role labels (`control-plane`; none for a worker). */
  roles: string[];
  /** The kubelet's version. */
  kubelet: string;
  /** The container runtime and its version (e.g. containerd://2.1.4). */
  runtime: string;
}

/**
 * What a lab asks about a Service ({@link Lab.service}): its address, and the pods it sends traffic
 * to (the ready endpoints of its EndpointSlices).
 *
 * @group What a lab observes
 */
export interface ServiceQueries {
  /**
   * The Service's ClusterIP (from the API).
   *
   * @example
   * ```ts
   * const clusterIP = await lab.service('demo').clusterIP();
   * lab.check('the Service has a ClusterIP', /^\d+\.\d+\.\d+\.\d+$/.test(clusterIP), clusterIP);
   * ```
   */
  clusterIP(): Promise<string>;
  /**
   * The pods it sends traffic to now, sorted.
   *
   * @example
   * ```ts
   * lab.note(`endpoints now: ${(await lab.service('demo').endpoints()).join(', ')}`);
   * ```
   */
  endpoints(): Promise<string[]>;
  /**
   * Exactly these pods are its ready endpoints.
   *
   * @example
   * ```ts
   * const pods = lab.pods('app=demo').readyNames();
   * await lab.expect(lab.service('demo').endpointsAre(pods), { within: '30s' });
   * ```
   */
  endpointsAre(pods: string[]): Expectation<string[]>;
  /**
   * It no longer sends traffic to `pod`, and still to some pod: a pod leaving the Service.
   *
   * @example
   * ```ts
   * const [victim] = lab.pods('app=demo').readyNames();
   * const deleted = await lab.deletePod(victim!);
   * const gone = await lab.expect(lab.service('demo').excludes(victim!), { within: '30s' });
   * lab.measure('pod_deleted_to_endpoint_removed', gone.metAt - deleted.at, 'ms', 'pod deleted → no longer an endpoint');
   * ```
   */
  excludes(pod: string): Expectation<string[]>;
  /**
   * Exactly `count` ready endpoints.
   *
   * @example
   * ```ts
   * await lab.expect(lab.service('probed').readyEndpoints(2), { within: '30s', what: 'healed: the pod is back among the endpoints' });
   * ```
   */
  readyEndpoints(count: number): Expectation<string[]>;
}

/**
 * What a lab asks about a Deployment ({@link Lab.deployment}): expectations to wait for, and what
 * it is now and was over time.
 *
 * @group What a lab observes
 */
export interface DeploymentQueries {
  /**
   * Exactly `replicas` replicas, every one available.
   *
   * @example
   * ```ts
   * await lab.expect(lab.deployment('demo').available(3), { within: '60s', what: 'the Deployment is back to 3 available replicas' });
   * ```
   */
  available(replicas: number): Expectation<Deployment>;
  /**
   * Its rollout is complete, the lab's own last change included (what `kubectl rollout status` waits for).
   *
   * @example
   * ```ts
   * await lab.setImage('demo', 'demo', 'docker.io/kindlab/demo:2.0.0');
   * await lab.expect(lab.deployment('demo').rolledOut(), { within: '3m' });
   * ```
   */
  rolledOut(): Expectation<Deployment>;
  /**
   * A condition of its status, with a reason if given: e.g. Progressing=False with
   * ProgressDeadlineExceeded, a stalled rollout.
   *
   * @example
   * ```ts
   * await lab.expect(lab.deployment('demo').condition('Progressing', 'False', 'ProgressDeadlineExceeded'), { within: '90s' });
   * ```
   */
  condition(type: string, status: string, reason?: string): Expectation<Deployment>;
  /**
   * The Deployment now (undefined if not seen): for a field no query reads.
   *
   * @example
   * ```ts
   * const strategy = lab.deployment('demo').get()?.spec?.strategy?.rollingUpdate;
   * lab.note(`maxUnavailable: ${strategy?.maxUnavailable ?? 'default'}`);
   * ```
   */
  get(): Deployment | undefined;
  /**
   * The image of a container of its pod template (the first by default).
   *
   * @example
   * ```ts
   * const image = lab.deployment('demo').image();
   * lab.check('the Deployment runs the previous image again', image === 'docker.io/kindlab/demo:1.0.0', image);
   * ```
   */
  image(container?: string): string | undefined;
  /**
   * Its ReplicaSets, oldest revision first: before a change, `.at(-1)` is the one about to go.
   *
   * @example
   * ```ts
   * const current = lab.deployment('demo').replicaSets().at(-1)!;
   * await lab.rolloutUndo('demo');
   * await lab.expect(lab.pods(current.podSelector).none(), { within: '60s', what: 'the broken pods are gone' });
   * ```
   */
  replicaSets(): ReplicaSetInfo[];
  /**
   * Observed replica counts over time, from watch events: points `{ at, wanted, ready }` (ms since
   * epoch, `spec.replicas`, ready replicas), one each time either changed.
   *
   * @example
   * ```ts
   * const peak = Math.max(...lab.deployment('cruncher').replicaTimeline().map((p) => p.wanted));
   * lab.check('the autoscaler scaled out under load', peak >= 2, `peak ${peak}`);
   * ```
   */
  replicaTimeline(): ReplicaPoint[];
}
