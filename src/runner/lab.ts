import type { Duration } from '../core/duration.js';
import type { Met } from '../core/wait.js';
import type { ExecResult } from '../kube/exec.js';
import type { ManifestSource } from '../kube/intake.js';
import type { HttpAnswer } from '../observe/http.js';
import type { Expectation } from './expect/expectation.js';
import type { PodMilestones } from './history.js';
import type { Action, ExpectOptions, HttpTarget, Traffic, TrafficOptions } from './lab-options.js';
import type { JobQueries, ObjectQuery, StatefulSetQueries } from './lab-object-queries.js';
import type { PodQueries, SinglePodQueries } from './lab-pod-queries.js';
import type { KubeObject, PersistentVolumeClaim, Pod } from './lab-types.js';
import type { ControlPlaneComponent, DeploymentQueries, NodeInfo, ServiceQueries } from './lab-queries.js';

// What a lab is written with, next to the Lab it is written against: the runner, src/api.ts and
// index.ts import all of it from here, whichever file defines it.
export { defineLab, type LabDefinition, type LabNeed, type LabSpec } from './lab-definition.js';
export type { Action, ExpectOptions, HttpTarget, Traffic, TrafficOptions } from './lab-options.js';
export type { JobQueries, ObjectQuery, StatefulSetQueries } from './lab-object-queries.js';
export type { PodQueries, SinglePodQueries } from './lab-pod-queries.js';
export type { ConfigMap, Deployment, HorizontalPodAutoscaler, Ingress, Job, KubeObject, PersistentVolumeClaim, Pod, Service, StatefulSet } from './lab-types.js';
export type { ControlPlaneComponent, DeploymentQueries, NodeInfo, ReplicaSetInfo, ServiceQueries } from './lab-queries.js';

/**
 * The API a lab is written against: apply → act → expect within a deadline → measure. Every
 * Kubernetes detail (clients, watches, retries, diagnosis) stays behind it, so that a lab reads like
 * the lesson it checks. Queries answer from what the lab's watches saw; actions hand back an
 * {@link Action} whose `at` is where a measure starts; every wait is a check with a deadline.
 *
 * @group Labs
 */
export interface Lab {
  /** The running lab's id (an exercise's id when grading). */
  readonly id: string;
  /**
   * The lab's namespace: its own, `kindlab-<lab>-<run>`, deleted when it ends (the student's, when
   * grading in place); its manifests get it as `${NAMESPACE}`. Useful for names that must be unique
   * on the cluster (hosts, label values).
   *
   * @example
   * ```ts
   * const answer = await lab.exec('client', ['nslookup', `demo.${lab.namespace}.svc.cluster.local`]);
   * lab.check('the Service name resolves', answer.exitCode === 0, answer.stderr.trim());
   * ```
   */
  readonly namespace: string;
  /**
   * The NodePort reserved for this lab (labs that need `traffic`), reachable on 127.0.0.1; its
   * manifests get it as `${NODE_PORT}`. {@link Lab.http} and {@link Lab.traffic} use it by default.
   *
   * @example
   * ```ts
   * const answer = await lab.http({ port: lab.nodePort, path: '/' });
   * lab.check(`127.0.0.1:${lab.nodePort} answers 200`, answer.status === 200, `HTTP ${answer.status || answer.error}`);
   * ```
   */
  readonly nodePort: number;
  /**
   * The Ingress controller's HTTP port on 127.0.0.1 (labs that need `ingress`): requests to it reach
   * an Ingress rule by their Host header.
   *
   * @example
   * ```ts
   * const unknown = await lab.http({ port: lab.ingressPort, host: `nothing.${lab.namespace}.kindlab.localhost` });
   * lab.check('an unknown host gets 404', unknown.status === 404, `HTTP ${unknown.status || unknown.error}`);
   * ```
   */
  readonly ingressPort: number;
  /**
   * Aborted when the run is stopped (Ctrl-C) or the lab runs out of time: hand it to a wait of your
   * own so that it ends then too.
   *
   * @example
   * ```ts
   * import { setTimeout } from 'node:timers/promises';
   *
   * // A pause that Ctrl-C cuts short.
   * await setTimeout(5_000, undefined, { signal: lab.signal });
   * ```
   */
  readonly signal: AbortSignal;

  /**
   * A named group of actions and checks, reported as one; a failing check ends the step and the lab.
   * It hands back what its body returns, for the steps that follow.
   *
   * @example
   * ```ts
   * const pod = await lab.step('Deploy 2 pods with a liveness and a readiness probe', async () => {
   *   await lab.apply('deployment.yaml');
   *   const ready = await lab.expect(lab.pods('app=probed').ready(2), { within: '90s' });
   *   return ready.value[0]!.metadata!.name!;
   * });
   * ```
   */
  step<T>(title: string, body: () => Promise<T>): Promise<T>;
  /**
   * Server-side applies `manifests/<lab>/<file>` into the lab's namespace, its `${VARS}` filled from
   * `vars` (and `${NAMESPACE}`, `${NODE_PORT}`); applied again with other values, it changes the
   * objects as `kubectl apply` would.
   *
   * @example
   * ```ts
   * const applied = await lab.apply('deployment.yaml', { ALLOCATE_MB: '96', MEMORY_LIMIT: '48Mi' });
   * const killed = await lab.expect(lab.pods('app=hungry').terminatedWith('OOMKilled'), { within: '60s' });
   * lab.measure('time_to_oomkill', killed.metAt - applied.at, 'ms', 'applied → first OOMKilled termination');
   * ```
   */
  apply(file: string, vars?: Record<string, string>): Promise<Action>;
  /**
   * The same for files from elsewhere (a student's), named `what` in the report: the same door and the
   * same rules (their namespace, no cluster-scoped kind unless declared), no variables filled.
   *
   * @example
   * ```ts
   * await lab.applyFiles([{ path: 'my-app/deployment.yaml' }, { path: 'my-app/service.yaml' }], 'my-app/');
   * ```
   */
  applyFiles(sources: ManifestSource[], what: string): Promise<Action>;
  /**
   * Waits, on watch events, until the expectation holds: its value, and when it held (`metAt`, the
   * event's arrival); past the deadline, a failed check with a diagnosis. What a lab measures is
   * mostly an action's `at` to an expectation's `metAt`.
   *
   * @example
   * ```ts
   * const up = await lab.scale('web', 5);
   * const five = await lab.expect(lab.deployment('web').available(5), { within: '90s' });
   * lab.measure('scale_to_5', five.metAt - up.at, 'ms', 'scale 3 → 5: change → 5 available');
   * ```
   */
  expect<V>(expectation: Expectation<V>, options: ExpectOptions): Promise<Met<V>>;
  /**
   * A check that the expectation does NOT come true for a while (no restart for 20 s…); fails the
   * moment it does. For what a correct setup never does, e.g. a healthy app restarted by its probe.
   *
   * @example
   * ```ts
   * await lab.expectNot(lab.pods('app=probed').restarted(), { for: '20s', what: 'no container restarts while the app is healthy' });
   * ```
   */
  expectNot<V>(expectation: Expectation<V>, options: { for: Duration; what: string; hint?: string }): Promise<void>;
  /**
   * For state the API does not hold (a file's content inside a pod, an answer through a proxy): runs
   * `probe` every `every` until it returns true, within the deadline; a string says why not yet.
   * Its time resolution is `every`.
   *
   * @example
   * ```ts
   * const applied = await lab.apply('ingress.yaml');
   * const route = await lab.eventually(
   *   'the Ingress controller serves the new route',
   *   async () => {
   *     const answer = await lab.http({ port: lab.ingressPort, host: `a.${lab.namespace}.kindlab.localhost` });
   *     return answer.status === 200 ? true : `HTTP ${answer.status || answer.error}`;
   *   },
   *   { within: '60s', every: '250ms' },
   * );
   * lab.measure('ingress_route_ready', route.metAt - applied.at, 'ms', 'Ingress applied → first answer through it (±250 ms)');
   * ```
   */
  eventually(what: string, probe: () => Promise<true | string>, options: { within: Duration; every: Duration; hint?: string }): Promise<Met<void>>;
  /**
   * An immediate check of something already measured, with what was found as `detail` and, for
   * exercises, a `hint` shown when it fails. A failed check ends the step.
   *
   * @example
   * ```ts
   * const old = lab.pods('app=demo').readyNames();
   * lab.check('the 3 old pods are still Ready (maxUnavailable: 0)', old.length === 3, old.join(', '));
   * ```
   */
  check(name: string, ok: boolean, detail?: string, hint?: string): void;
  /**
   * Records a figure (name, value, unit, what it means, and any details) in the report and its JSON:
   * what a lab is there to show, such as a recovery time or the requests lost during an update.
   *
   * @example
   * ```ts
   * const deleted = await lab.deletePod('placed');
   * const gone = await lab.expect(lab.pod('placed').gone(), { within: '60s' });
   * lab.measure('delete_to_gone', gone.metAt - deleted.at, 'ms', 'pod deleted → gone from the API', { pod: 'placed' });
   * ```
   */
  measure(name: string, value: number, unit: string, description?: string, details?: unknown): void;
  /**
   * A line in the report, for what is worth telling but not checking.
   *
   * @example
   * ```ts
   * const cpu = await lab.expect(lab.autoscaler('cruncher').readsCpu(), { within: '120s' });
   * lab.note(`CPU use at rest: ${cpu.value}% of the request`);
   * ```
   */
  note(text: string): void;

  /**
   * One GET from the host to the cluster's entry points on loopback (the lab's NodePort by default).
   * A refused, reset or timed-out request answers status 0 with its `error`; it never throws.
   *
   * @example
   * ```ts
   * const answer = await lab.http({ port: lab.ingressPort, host: `a.${lab.namespace}.kindlab.localhost`, path: '/' });
   * const version = answer.status === 200 ? (JSON.parse(answer.body) as { version?: string }).version : `HTTP ${answer.status || answer.error}`;
   * lab.note(`answered by ${version}`);
   * ```
   */
  http(target?: HttpTarget): Promise<HttpAnswer & { error?: string }>;
  /**
   * A GET on the API server itself (e.g. /readyz?verbose), for what no object tells: the control
   * plane's own health. To read or wait on an object of any kind, see {@link Lab.object}.
   *
   * @example
   * ```ts
   * const readyz = await lab.apiGet('/readyz?verbose');
   * lab.check('GET /readyz answers 200', readyz.status === 200, `HTTP ${readyz.status}`);
   * lab.check('…and says etcd is ok', /\[\+\]etcd ok/.test(readyz.body));
   * ```
   */
  apiGet(path: string): Promise<{ status: number; body: string }>;

  // what is observed
  /**
   * The pods of a label selector in the lab's namespace: what they are now, and what to wait for
   * (see {@link PodQueries}).
   *
   * @example
   * ```ts
   * await lab.apply('deployment.yaml');
   * await lab.expect(lab.pods('app=demo').ready(3), { within: '90s' });
   * ```
   */
  pods(selector: string): PodQueries;
  /**
   * One pod by name (see {@link SinglePodQueries}).
   *
   * @example
   * ```ts
   * await lab.apply('placed.yaml');
   * const placed = await lab.expect(lab.pod('placed').scheduled(), { within: '30s' });
   * lab.note(`the scheduler chose ${placed.value}`);
   * ```
   */
  pod(name: string): SinglePodQueries;
  /**
   * A Deployment by name (see {@link DeploymentQueries}).
   *
   * @example
   * ```ts
   * await lab.apply('app.yaml', { PROGRESS_DEADLINE: '15' });
   * await lab.expect(lab.deployment('demo').rolledOut(), { within: '90s' });
   * ```
   */
  deployment(name: string): DeploymentQueries;
  /**
   * An object of any kind by name, in the lab's namespace (or the cluster, for a cluster-scoped
   * kind): `kind` as kubectl takes it (`Job`, `StatefulSet`, `configmaps`, `jobs.batch`, a CRD's
   * kind), found by the API server's discovery. A lazy query with one way to wait on any of its
   * fields (see {@link ObjectQuery}); give its type to read typed fields (`lab.object<Job>(…)`).
   *
   * @example
   * ```ts
   * await lab.apply('job.yaml');
   * const done = await lab.expect(lab.object('Job', 'pi').has('status.succeeded', 1), { within: '2m' });
   * lab.note(`completed at ${done.value.status?.completionTime}`);
   * ```
   */
  object<T extends KubeObject = KubeObject>(kind: string, name: string): ObjectQuery<T>;
  /**
   * A Job by name: complete, failed, its failed pods (see {@link JobQueries}).
   *
   * @example
   * ```ts
   * await lab.apply('job.yaml');
   * await lab.expect(lab.job('pi').complete(), { within: '2m' });
   * await lab.expect(lab.pods('job-name=pi').inPhase('Succeeded', 1), { within: '10s' });
   * ```
   */
  job(name: string): JobQueries;
  /**
   * A StatefulSet by name: its pods Ready in order, under their stable names (see {@link StatefulSetQueries}).
   *
   * @example
   * ```ts
   * await lab.apply('statefulset.yaml');
   * await lab.expect(lab.statefulSet('db').readyInOrder(3), { within: '2m' });
   * const uid = lab.pod('db-0').get()!.metadata!.uid!;
   * await lab.deletePod('db-0');
   * await lab.expect(lab.pod('db-0').recreated(uid), { within: '90s', what: 'db-0 comes back under its own name' });
   * ```
   */
  statefulSet(name: string): StatefulSetQueries;
  /**
   * A PersistentVolumeClaim by name: `bound()` waits until it is Bound to a volume.
   *
   * @example
   * ```ts
   * await lab.apply('persistent.yaml');
   * await lab.expect(lab.claim('data').bound(), { within: '30s' });
   * ```
   */
  claim(name: string): { bound(): Expectation<PersistentVolumeClaim> };
  /**
   * A Service by name: its ClusterIP and the pods it sends traffic to (see {@link ServiceQueries}).
   *
   * @example
   * ```ts
   * await lab.expect(lab.service('demo').readyEndpoints(3), { within: '30s' });
   * ```
   */
  service(name: string): ServiceQueries;
  /**
   * A HorizontalPodAutoscaler by name: `readsCpu()` waits until metrics reach it; the value is the
   * CPU use in % of the pods' request.
   *
   * @example
   * ```ts
   * await lab.apply('app.yaml');
   * const cpu = await lab.expect(lab.autoscaler('cruncher').readsCpu(), { within: '120s' });
   * lab.note(`CPU use at rest: ${cpu.value}% of the request`);
   * ```
   */
  autoscaler(name: string): { readsCpu(): Expectation<number> };
  /**
   * Any condition on the pods of a selector, when no query says it: `test` returns true, or why not
   * yet (shown when the deadline passes); `what` names the check.
   *
   * @example
   * ```ts
   * const spread = lab.podsWhere('app=web', 'the pods run on two nodes', (pods) => {
   *   const nodes = new Set(pods.map((p) => p.spec?.nodeName).filter(Boolean));
   *   return nodes.size >= 2 ? true : `on ${[...nodes].join(', ') || 'no node yet'}`;
   * });
   * await lab.expect(spread, { within: '60s' });
   * ```
   */
  podsWhere(selector: string, what: string, test: (pods: Pod[]) => true | string): Expectation<Pod[]>;
  /**
   * The cluster's nodes, sorted by name: to pick a worker, or check what runs on each.
   *
   * @example
   * ```ts
   * for (const node of await lab.nodes()) {
   *   lab.check(`node ${node.name} is Ready with kubelet ${node.kubelet} and ${node.runtime}`, node.ready && Boolean(node.kubelet));
   * }
   * ```
   */
  nodes(): Promise<NodeInfo[]>;
  /**
   * A node by name: `ready()` and `notReady()` wait for its Ready condition to turn.
   *
   * @example
   * ```ts
   * const stop = await lab.stopNode('kind-worker2');
   * const notReady = await lab.expect(lab.node('kind-worker2').notReady(), { within: '90s' });
   * lab.measure('node_stop_to_not_ready', notReady.metAt - stop.at, 'ms', 'node stopped → declared NotReady');
   * ```
   */
  node(name: string): { ready(): Expectation<void>; notReady(): Expectation<void> };
  /**
   * The control plane's components as the cluster runs them (static pods in kube-system).
   *
   * @example
   * ```ts
   * const running = await lab.controlPlane();
   * for (const component of ['kube-apiserver', 'kube-scheduler', 'kube-controller-manager', 'etcd']) {
   *   const found = running.find((c) => c.component === component);
   *   lab.check(`${component} runs and is Ready`, found?.ready ?? false, found ? `${found.pod} on ${found.node}` : 'no pod');
   * }
   * ```
   */
  controlPlane(): Promise<ControlPlaneComponent[]>;
  /**
   * An event with this reason about this object (e.g. FailedScheduling on a pod); the value is its
   * message, the cluster's own explanation.
   *
   * @example
   * ```ts
   * await lab.apply('waiting.yaml', { LABEL_VALUE: 'ssd' });
   * const refused = await lab.expect(lab.event('FailedScheduling', 'waiting'), { within: '30s' });
   * lab.note(`scheduler: ${refused.value}`);
   * ```
   */
  event(reason: string, objectName: string): Expectation<string>;
  /**
   * When the lab's watch first saw a pod created, scheduled, running and Ready: each stage of a
   * replacement, timed from the events themselves.
   *
   * @example
   * ```ts
   * const before = lab.pods('app=demo').readyNames();
   * const deleted = await lab.deletePod(before[0]!);
   * const replaced = await lab.expect(lab.pods('app=demo').replaced(before[0]!, before, 3), { within: '90s' });
   * const m = lab.milestones(replaced.value.metadata!.name!);
   * lab.measure('delete_to_scheduled', (m.scheduled ?? NaN) - deleted.at, 'ms', 'pod deleted → replacement scheduled on a node');
   * ```
   */
  milestones(pod: string): PodMilestones;
  /**
   * The successive `spec.replicas` of a ReplicaSet as observed (e.g. [3, 2, 1, 0]): how a rollout
   * took its pods down.
   *
   * @example
   * ```ts
   * const old = lab.deployment('demo').replicaSets().at(-1)!;
   * await lab.setImage('demo', 'demo', 'docker.io/kindlab/demo:2.0.0');
   * await lab.expect(lab.deployment('demo').rolledOut(), { within: '3m' });
   * lab.note(`old ReplicaSet replicas: ${lab.replicaHistory(old.name).join(' → ')}`);
   * ```
   */
  replicaHistory(replicaSet: string): number[];

  // actions
  /**
   * Deletes a pod, as `kubectl delete pod` would: its controller should replace it.
   *
   * @example
   * ```ts
   * const before = lab.pods('app=demo').readyNames();
   * const deleted = await lab.deletePod(before[0]!);
   * const replaced = await lab.expect(lab.pods('app=demo').replaced(before[0]!, before, 3), { within: '90s' });
   * lab.measure('delete_to_ready', replaced.metAt - deleted.at, 'ms', 'pod deleted → replacement Ready');
   * ```
   */
  deletePod(name: string): Promise<Action>;
  /**
   * Stops the main process of a container (as a crash would): the kubelet restarts it in the same pod.
   * The value is the container's restart count before, to wait for the next one.
   *
   * @example
   * ```ts
   * const [pod] = lab.pods('app=demo').readyNames();
   * const kill = await lab.killMainProcess(pod!);
   * const back = await lab.expect(lab.pod(pod!).restartedAndReady(kill.value.restartsBefore + 1), { within: '60s' });
   * lab.measure('kill_to_ready', back.metAt - kill.at, 'ms', 'main process killed → the same pod Ready again');
   * ```
   */
  killMainProcess(pod: string, container?: string): Promise<Action<{ restartsBefore: number }>>;
  /**
   * Runs a command in a container of a pod, as `kubectl exec` would, and hands back its output and
   * exit code: to look from inside the cluster.
   *
   * @example
   * ```ts
   * const answer = await lab.exec('client', ['nslookup', 'demo']);
   * const addresses = [...answer.stdout.matchAll(/Address:\s*([\d.]+)/g)].map((m) => m[1]);
   * lab.check('demo resolves to the ClusterIP', addresses.includes(await lab.service('demo').clusterIP()), addresses.join(', '));
   * ```
   */
  exec(pod: string, command: string[], container?: string): Promise<ExecResult>;
  /**
   * What `kubectl set image` does: a new image for a container of a Deployment, hence a rollout.
   * `env` gives the new version variables of its own too (set or replaced by name, as `kubectl set
   * env` would): how a grader makes the new version behave as it grades it, e.g. a slow start.
   *
   * @example
   * ```ts
   * const change = await lab.setImage('demo', 'demo', 'docker.io/kindlab/demo:9.9.9-does-not-exist');
   * const stalled = await lab.expect(lab.deployment('demo').condition('Progressing', 'False', 'ProgressDeadlineExceeded'), { within: '90s' });
   * lab.measure('stall_detected', stalled.metAt - change.at, 'ms', 'broken image set → ProgressDeadlineExceeded');
   * // A new version that takes 3 s to open its port, whatever the student's env says.
   * await lab.setImage('demo', 'demo', 'docker.io/kindlab/demo:2.0.0', { env: { STARTUP_DELAY: '3s' } });
   * ```
   */
  setImage(deployment: string, container: string, image: string, options?: { env?: Record<string, string> }): Promise<Action>;
  /**
   * What `kubectl rollout restart` does: a new restartedAt annotation on the pod template, hence new
   * pods with the same spec (e.g. to read a changed ConfigMap into env).
   *
   * @example
   * ```ts
   * const restart = await lab.rolloutRestart('configured');
   * const rolled = await lab.expect(lab.deployment('configured').rolledOut(), { within: '90s' });
   * lab.measure('restart_to_new_env', rolled.metAt - restart.at, 'ms', 'rollout restart → new pod Ready');
   * ```
   */
  rolloutRestart(deployment: string): Promise<Action>;
  /**
   * What `kubectl scale` does: a new replica count for a Deployment.
   *
   * @example
   * ```ts
   * const down = await lab.scale('web', 2);
   * const two = await lab.expect(lab.pods('app=web').count(2), { within: '60s', what: 'only 2 pods left' });
   * lab.measure('scale_to_2', two.metAt - down.at, 'ms', 'scale 5 → 2: change → the 3 extra pods gone');
   * ```
   */
  scale(deployment: string, replicas: number): Promise<Action>;
  /**
   * What `kubectl rollout undo` does: the previous ReplicaSet's pod template goes back. The value is
   * the revision it went back to.
   *
   * @example
   * ```ts
   * const undo = await lab.rolloutUndo('demo');
   * const rolled = await lab.expect(lab.deployment('demo').rolledOut(), { within: '90s' });
   * lab.measure('undo_to_rolled_out', rolled.metAt - undo.at, 'ms', `undo (to revision ${undo.value.toRevision}) → rollout complete`);
   * ```
   */
  rolloutUndo(deployment: string): Promise<Action<{ toRevision: string }>>;
  /**
   * In-place vertical scaling: new requests/limits for a running container (pods/resize), without
   * restarting it where the cluster supports it.
   *
   * @example
   * ```ts
   * const pod = lab.pods('app=hungry').readyNames()[0]!;
   * const resized = await lab.resizePod(pod, 'app', { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '800m', memory: '256Mi' } });
   * const applied = await lab.expect(lab.pod(pod).resourcesApplied('app', { cpu: '800m', memory: '256Mi' }), { within: '60s' });
   * lab.measure('in_place_resize', applied.metAt - resized.at, 'ms', 'resize requested → new limits applied');
   * ```
   */
  resizePod(pod: string, container: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> }): Promise<Action>;
  /**
   * Sets one key of a ConfigMap of the namespace (what `kubectl edit configmap` would), to see
   * where the change reaches: mounted files, not environment variables.
   *
   * @example
   * ```ts
   * const [pod] = lab.pods('app=configured').readyNames();
   * const changed = await lab.setConfigMapData('settings', 'settings.conf', 'mode=b\n');
   * const seen = await lab.eventually(
   *   'the running pod sees the new settings.conf',
   *   async () => ((await digestIn(lab, pod!, 'file=/etc/settings/settings.conf')) === sha256('mode=b\n') ? true : 'still the old content'),
   *   { within: '60s', every: '1s' },
   * );
   * lab.measure('configmap_to_file', seen.metAt - changed.at, 'ms', 'ConfigMap changed → the running pod sees the new file (±1 s)');
   * ```
   */
  setConfigMapData(name: string, key: string, value: string): Promise<Action>;
  /**
   * A value of a ConfigMap or Secret of the namespace, to compare digests with; never to print
   * (Secret values are masked in reports).
   *
   * @example
   * ```ts
   * const [pod] = lab.pods('app=configured').readyNames();
   * const expected = sha256((await lab.configValue('Secret', 'credentials', 'DB_PASSWORD')) ?? '');
   * lab.check('DB_PASSWORD in the pod is the Secret\'s value (sha256)', (await digestIn(lab, pod!, 'env=DB_PASSWORD')) === expected);
   * ```
   */
  configValue(kind: 'ConfigMap' | 'Secret', name: string, key: string): Promise<string | undefined>;
  /**
   * Adds (or, with null, removes) a node label; undone when the lab ends.
   *
   * @example
   * ```ts
   * const worker = (await lab.nodes()).find((n) => n.schedulable)!.name;
   * const labelled = await lab.labelNode(worker, 'kindlab.dev/disk', 'ssd');
   * const scheduled = await lab.expect(lab.pod('waiting').scheduled(), { within: '60s' });
   * lab.measure('label_to_scheduled', scheduled.metAt - labelled.at, 'ms', `node ${worker} labelled → the waiting pod bound to it`);
   * ```
   */
  labelNode(node: string, key: string, value: string | null): Promise<Action>;
  /**
   * Stops a node's container (kind only, never the control plane): the machine is gone. Started
   * again when the lab ends; needs `node-chaos`.
   *
   * @example
   * ```ts
   * const stop = await lab.stopNode('kind-worker2');
   * const moved = await lab.expect(lab.pods('app=demo').readyOn('kind-worker', 3), { within: '90s' });
   * lab.measure('node_stop_to_replaced', moved.metAt - stop.at, 'ms', 'node stopped → 3 Ready pods on the other worker');
   * ```
   */
  stopNode(node: string): Promise<Action>;
  /**
   * Starts a stopped node's container again: the node rejoins the cluster.
   *
   * @example
   * ```ts
   * const start = await lab.startNode('kind-worker2');
   * const ready = await lab.expect(lab.node('kind-worker2').ready(), { within: '120s' });
   * lab.measure('node_start_to_ready', ready.metAt - start.at, 'ms', 'node started → Ready again');
   * ```
   */
  startNode(node: string): Promise<Action>;
  /**
   * Starts steady GET requests that record every answer (see {@link Traffic}): from the host to the
   * lab's NodePort (the lab needs `traffic`), or with `service` from a pod inside the cluster.
   *
   * @example
   * ```ts
   * const traffic = lab.traffic({ rate: 50 });
   * await traffic.answered(50, { within: '30s' });
   * const stop = await lab.stopNode('kind-worker2');
   * await traffic.answered(50, { within: '30s', what: 'answers after the node stopped' });
   * const during = traffic.since(stop.at);
   * lab.check('most requests succeeded throughout', during.failed < during.requests / 2, failedRequests(during));
   * await traffic.stop();
   * ```
   */
  traffic(options?: TrafficOptions): Traffic;
}
