import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { Expectation } from './expect/expectation.js';
import type { ReplicaPoint } from './history.js';

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
 * What a lab asks about the pods of a label selector ({@link Lab.pods}): expectations to wait for
 * with {@link Lab.expect}, and the pods now, as the lab's watch last saw them.
 *
 * @group What a lab observes
 */
export interface PodQueries {
  /**
   * Exactly `count` pods Ready; the value is those pods.
   *
   * @example
   * ```ts
   * const started = await lab.expect(lab.pods('app=scratch').ready(1), { within: '60s' });
   * const pod = started.value[0]!.metadata!.name!;
   * ```
   */
  ready(count: number): Expectation<V1Pod[]>;
  /**
   * `count` Ready pods or more: for a number that may grow past it (an autoscaler's).
   *
   * @example
   * ```ts
   * const scaled = await lab.expect(lab.pods('app=cruncher').readyAtLeast(2), { within: '150s', what: 'more than 1 replica Ready' });
   * ```
   */
  readyAtLeast(count: number): Expectation<V1Pod[]>;
  /**
   * `count` Ready pods, every one on `node`: where pods went when another node was lost.
   *
   * @example
   * ```ts
   * await lab.stopNode('kind-worker2');
   * await lab.expect(lab.pods('app=demo').readyOn('kind-worker', 3), { within: '90s' });
   * ```
   */
  readyOn(node: string, count: number): Expectation<V1Pod[]>;
  /**
   * A pod other than the `previous` pods takes the place of `gone`, and `count` are Ready; the value
   * is the new pod.
   *
   * @example
   * ```ts
   * const [pod] = lab.pods('app=keeper').readyNames();
   * await lab.deletePod(pod!);
   * const replaced = await lab.expect(lab.pods('app=keeper').replaced(pod!, [pod!], 1), { within: '90s' });
   * const next = replaced.value.metadata!.name!;
   * ```
   */
  replaced(gone: string, previous: string[], count: number): Expectation<V1Pod>;
  /**
   * Exactly `count` pods left (terminating ones aside), none of those named: after a scale-down, or
   * once a stray pod is removed.
   *
   * @example
   * ```ts
   * await lab.expect(lab.pods('app=web').count(2, ['stray']), { within: '60s', what: 'the ReplicaSet is back to 2 pods' });
   * ```
   */
  count(count: number, without?: string[]): Expectation<V1Pod[]>;
  /**
   * No pod matches any more (terminating ones included): e.g. an old ReplicaSet's pods are gone.
   *
   * @example
   * ```ts
   * const old = lab.deployment('demo').replicaSets().at(-1)!;
   * await lab.setImage('demo', 'demo', 'docker.io/kindlab/demo:2.0.0');
   * await lab.expect(lab.pods(old.podSelector).none(), { within: '60s', what: 'the old pods have terminated' });
   * ```
   */
  none(): Expectation<void>;
  /**
   * A container was stopped for this reason (e.g. OOMKilled); the value is its pod.
   *
   * @example
   * ```ts
   * const killed = await lab.expect(lab.pods('app=hungry').terminatedWith('OOMKilled'), { within: '60s', what: 'the container was OOMKilled' });
   * lab.note(`OOMKilled: ${killed.value.metadata!.name}`);
   * ```
   */
  terminatedWith(reason: string): Expectation<V1Pod>;
  /**
   * A container of these pods restarted; the value is its pod. Mostly for {@link Lab.expectNot}.
   *
   * @example
   * ```ts
   * await lab.expectNot(lab.pods('app=probed').restarted(), { for: '20s', what: 'no container restarts while the app is healthy' });
   * ```
   */
  restarted(): Expectation<V1Pod>;
  /**
   * The pods now, terminating ones included.
   *
   * @example
   * ```ts
   * const phases = lab.pods('app=demo').list().map((p) => `${p.metadata?.name}: ${p.status?.phase}`);
   * lab.note(phases.join(', '));
   * ```
   */
  list(): V1Pod[];
  /**
   * The names of the Ready pods now, sorted: to pick one to act on.
   *
   * @example
   * ```ts
   * const [victim] = lab.pods('app=demo').readyNames();
   * await lab.deletePod(victim!);
   * ```
   */
  readyNames(): string[];
  /**
   * Where the Ready pods run: node → number of pods.
   *
   * @example
   * ```ts
   * const perNode = lab.pods('app=demo').perNode();
   * lab.check('the replicas run on both workers', perNode.size === 2, JSON.stringify(Object.fromEntries(perNode)));
   * // Stop the worker with fewer replicas.
   * const [victim] = [...perNode.entries()].sort((a, b) => a[1] - b[1]).map(([node]) => node);
   * ```
   */
  perNode(): Map<string, number>;
}

/**
 * What a lab asks about one pod by name ({@link Lab.pod}): expectations to wait for, and the pod now.
 *
 * @group What a lab observes
 */
export interface SinglePodQueries {
  /**
   * The pod restarted, `minRestarts` times at least in all, and is Ready again: the same pod back
   * after a crash.
   *
   * @example
   * ```ts
   * const [pod] = lab.pods('app=probed').readyNames();
   * const restarts = lab.pod(pod!).restarts();
   * await lab.exec(pod!, ['wget', '-q', '-O', '-', '--post-data=', 'http://127.0.0.1:8080/fail/live']);
   * await lab.expect(lab.pod(pod!).restartedAndReady(restarts + 1), { within: '60s' });
   * ```
   */
  restartedAndReady(minRestarts: number): Expectation<V1Pod>;
  /**
   * The pod is no longer in the API (deleted, and its containers stopped).
   *
   * @example
   * ```ts
   * await lab.deletePod('placed');
   * await lab.expect(lab.pod('placed').gone(), { within: '60s' });
   * ```
   */
  gone(): Expectation<void>;
  /**
   * Seen created by this lab's watch, then gone (a pod that lived only a moment counts).
   *
   * @example
   * ```ts
   * await lab.apply('stray-pod.yaml', { TEMPLATE_HASH: lab.deployment('web').replicaSets().at(-1)!.templateHash });
   * await lab.expect(lab.pod('stray').removed(), { within: '60s', what: 'the ReplicaSet removed the stray pod' });
   * ```
   */
  removed(): Expectation<void>;
  /**
   * Bound to a node; the value is the node.
   *
   * @example
   * ```ts
   * const placed = await lab.expect(lab.pod('waiting').scheduled(), { within: '60s' });
   * lab.check('the pod went to kind-worker, the node with the label', placed.value === 'kind-worker', `node ${placed.value}`);
   * ```
   */
  scheduled(): Expectation<string>;
  /**
   * Pending on no node: the scheduler found none that fits.
   *
   * @example
   * ```ts
   * await lab.expect(lab.pod('waiting').pending(), { within: '10s' });
   * ```
   */
  pending(): Expectation<string>;
  /**
   * The kubelet reports these limits on the running container: an in-place resize took effect.
   *
   * @example
   * ```ts
   * const pod = lab.pods('app=hungry').readyNames()[0]!;
   * await lab.resizePod(pod, 'app', { limits: { memory: '256Mi' } });
   * await lab.expect(lab.pod(pod).resourcesApplied('app', { memory: '256Mi' }), { within: '60s' });
   * ```
   */
  resourcesApplied(container: string, limits: Record<string, string>): Expectation<V1Pod>;
  /**
   * The pod now (undefined if not seen, or gone): for a field no query reads.
   *
   * @example
   * ```ts
   * const pod = lab.pod('placed').get();
   * lab.note(`QoS class: ${pod?.status?.qosClass ?? 'unknown'}`);
   * ```
   */
  get(): V1Pod | undefined;
  /**
   * Its containers' restart count now (of one container, if named; 0 if not seen).
   *
   * @example
   * ```ts
   * const pod = lab.pods('app=configured').readyNames()[0]!;
   * await lab.apply('config.yaml', { GREETING: 'salut', MODE: 'b' });
   * lab.check('the pod was not restarted for that', lab.pod(pod).restarts() === 0, `restarts: ${lab.pod(pod).restarts()}`);
   * ```
   */
  restarts(container?: string): number;
  /**
   * Why its container last stopped (OOMKilled, Error…), if it ever did: the first container's, or the
   * one named.
   *
   * @example
   * ```ts
   * const [pod] = (await lab.expect(lab.pods('app=hungry').count(1), { within: '60s' })).value;
   * const name = pod!.metadata!.name!;
   * lab.check('it runs without being OOMKilled', lab.pod(name).lastTermination() === undefined, `last stop: ${lab.pod(name).lastTermination() ?? 'none'}`);
   * ```
   */
  lastTermination(container?: string): string | undefined;
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
  available(replicas: number): Expectation<V1Deployment>;
  /**
   * Its rollout is complete, the lab's own last change included (what `kubectl rollout status` waits for).
   *
   * @example
   * ```ts
   * await lab.setImage('demo', 'demo', 'docker.io/kindlab/demo:2.0.0');
   * await lab.expect(lab.deployment('demo').rolledOut(), { within: '3m' });
   * ```
   */
  rolledOut(): Expectation<V1Deployment>;
  /**
   * A condition of its status, with a reason if given: e.g. Progressing=False with
   * ProgressDeadlineExceeded, a stalled rollout.
   *
   * @example
   * ```ts
   * await lab.expect(lab.deployment('demo').condition('Progressing', 'False', 'ProgressDeadlineExceeded'), { within: '90s' });
   * ```
   */
  condition(type: string, status: string, reason?: string): Expectation<V1Deployment>;
  /**
   * The Deployment now (undefined if not seen): for a field no query reads.
   *
   * @example
   * ```ts
   * const strategy = lab.deployment('demo').get()?.spec?.strategy?.rollingUpdate;
   * lab.note(`maxUnavailable: ${strategy?.maxUnavailable ?? 'default'}`);
   * ```
   */
  get(): V1Deployment | undefined;
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
