import type { Expectation } from './expect/expectation.js';
import type { Pod } from './lab-types.js';

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
  ready(count: number): Expectation<Pod[]>;
  /**
   * `count` Ready pods or more: for a number that may grow past it (an autoscaler's).
   *
   * @example
   * ```ts
   * const scaled = await lab.expect(lab.pods('app=cruncher').readyAtLeast(2), { within: '150s', what: 'more than 1 replica Ready' });
   * ```
   */
  readyAtLeast(count: number): Expectation<Pod[]>;
  /**
   * `count` Ready pods, every one on `node`: where pods went when another node was lost.
   *
   * @example
   * ```ts
   * await lab.stopNode('kind-worker2');
   * await lab.expect(lab.pods('app=demo').readyOn('kind-worker', 3), { within: '90s' });
   * ```
   */
  readyOn(node: string, count: number): Expectation<Pod[]>;
  /**
   * A pod other than the `previous` pods takes the place of `gone`, and `count` are Ready; the value
   * is the new pod. Given the uid `gone` had, a pod of the same name with another uid counts too
   * (a StatefulSet brings a deleted pod back under its name).
   *
   * @example
   * ```ts
   * const [pod] = lab.pods('app=keeper').readyNames();
   * await lab.deletePod(pod!);
   * const replaced = await lab.expect(lab.pods('app=keeper').replaced(pod!, [pod!], 1), { within: '90s' });
   * const next = replaced.value.metadata!.name!;
   * ```
   */
  replaced(gone: string, previous: string[], count: number, goneUid?: string): Expectation<Pod>;
  /**
   * Exactly `count` pods left (terminating ones aside), none of those named: after a scale-down, or
   * once a stray pod is removed.
   *
   * @example
   * ```ts
   * await lab.expect(lab.pods('app=web').count(2, ['stray']), { within: '60s', what: 'the ReplicaSet is back to 2 pods' });
   * ```
   */
  count(count: number, without?: string[]): Expectation<Pod[]>;
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
   * Exactly `count` pods in this phase (Pending, Running, Succeeded, Failed); the value is those
   * pods. A Job's pods end Succeeded or Failed.
   *
   * @example
   * ```ts
   * await lab.apply('job.yaml');
   * const failed = await lab.expect(lab.pods('job-name=flaky').inPhase('Failed', 2), { within: '2m' });
   * lab.note(`failed pods: ${failed.value.map((p) => p.metadata?.name).join(', ')}`);
   * ```
   */
  inPhase(phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed', count: number): Expectation<Pod[]>;
  /**
   * A container was stopped for this reason (e.g. OOMKilled); the value is its pod.
   *
   * @example
   * ```ts
   * const killed = await lab.expect(lab.pods('app=hungry').terminatedWith('OOMKilled'), { within: '60s', what: 'the container was OOMKilled' });
   * lab.note(`OOMKilled: ${killed.value.metadata!.name}`);
   * ```
   */
  terminatedWith(reason: string): Expectation<Pod>;
  /**
   * A container of these pods restarted; the value is its pod. Mostly for {@link Lab.expectNot}.
   *
   * @example
   * ```ts
   * await lab.expectNot(lab.pods('app=probed').restarted(), { for: '20s', what: 'no container restarts while the app is healthy' });
   * ```
   */
  restarted(): Expectation<Pod>;
  /**
   * The pods now, terminating ones included.
   *
   * @example
   * ```ts
   * const phases = lab.pods('app=demo').list().map((p) => `${p.metadata?.name}: ${p.status?.phase}`);
   * lab.note(phases.join(', '));
   * ```
   */
  list(): Pod[];
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
  restartedAndReady(minRestarts: number): Expectation<Pod>;
  /**
   * A pod of this name is back, but another one (a uid other than `previousUid`), and Ready: how a
   * StatefulSet recreates a deleted pod under its stable name. The value is the new pod.
   *
   * @example
   * ```ts
   * const before = lab.pod('db-1').get()!.metadata!.uid!;
   * const deleted = await lab.deletePod('db-1');
   * const back = await lab.expect(lab.pod('db-1').recreated(before), { within: '90s' });
   * lab.measure('delete_to_recreated', back.metAt - deleted.at, 'ms', 'db-1 deleted → a new db-1 Ready');
   * ```
   */
  recreated(previousUid: string): Expectation<Pod>;
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
  resourcesApplied(container: string, limits: Record<string, string>): Expectation<Pod>;
  /**
   * The pod now (undefined if not seen, or gone): for a field no query reads.
   *
   * @example
   * ```ts
   * const pod = lab.pod('placed').get();
   * lab.note(`QoS class: ${pod?.status?.qosClass ?? 'unknown'}`);
   * ```
   */
  get(): Pod | undefined;
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
