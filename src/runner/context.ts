import { toMs, type Duration } from '../core/duration.js';
import { KindlabError } from '../core/errors.js';
import { pollUntil, WaitTimeoutError, type Met } from '../core/wait.js';
import type { KubeClient } from '../kube/client.js';
import type { ExecResult } from '../kube/exec.js';
import type { ManifestSource } from '../kube/intake.js';
import { sendJson } from '../kube/raw.js';
import { retryTransient } from '../kube/retry.js';
import { httpGet, type HttpAnswer } from '../observe/http.js';
import { PodSampler } from '../observe/pod-sampler.js';
import { TrafficSampler } from '../observe/sampler.js';
import type { NamespaceObserver } from '../observe/observer.js';
import type { Timeline } from '../observe/timeline.js';
import { Cleaner } from './cleaner.js';
import { InClusterEntry, type EntryRoute } from './entry.js';
import type { LabImages } from './images.js';
import type { Expectation } from './expect/expectation.js';
import { LabHistory, type PodMilestones } from './history.js';
import { KindWatches } from './kind-watches.js';
import type { Action, ExpectOptions, HttpTarget, KubeObject, Lab, LabDefinition, Pod, Traffic, TrafficOptions } from './lab.js';
import { abortReason, LabMutations } from './mutations.js';
import { jobQueries, objectQuery, statefulSetQueries } from './object-queries.js';
import { LabQueries } from './queries.js';
import { Recorder } from './recorder.js';
import type { RunnerSink } from './results.js';
import { LabTraffic } from './traffic.js';

export interface LabContextOptions {
  definition: LabDefinition;
  client: KubeClient;
  namespace: string;
  nodePort: number;
  observer: NamespaceObserver;
  timeline: Timeline;
  sink: RunnerSink;
  signal: AbortSignal;
  /** Chaos (killing pods, stopping nodes) is allowed on this cluster. */
  chaosAllowed: boolean;
  /** The Ingress controller's port on 127.0.0.1. */
  ingressPort: number;
  /** How requests for those ports reach the cluster (default: through 127.0.0.1). */
  route?: EntryRoute;
  /** The sampler's image, and where the cluster pulls kindlab's images from. */
  images: LabImages;
  /** The namespace is not the lab's own: what it applies is deleted at the end. */
  borrowed?: boolean;
  /** Where kindlab's own pods (the traffic sampler) run, when not in the lab's namespace: out of the graded student's reach. */
  helperNamespace?: string;
}

/**
 * The runner's implementation of the lab API for one lab run, put together from its parts: the
 * recorder (steps, checks, figures), the waits (all through the recorder's one wait), the queries,
 * and the mutations with their chaos guard and cleaner.
 */
export class LabContext implements Lab {
  readonly id: string;
  readonly namespace: string;
  readonly nodePort: number;
  readonly ingressPort: number;
  readonly signal: AbortSignal;
  readonly recorder: Recorder;
  private readonly queries: LabQueries;
  private readonly history: LabHistory;
  private readonly mutations: LabMutations;
  private readonly cleaner = new Cleaner();
  private readonly traffics = new Set<LabTraffic>();
  /** Set when the host's ports do not lead to this cluster: its requests come from a pod. */
  private readonly inCluster: InClusterEntry | undefined;

  constructor(private readonly o: LabContextOptions) {
    this.id = o.definition.id;
    this.namespace = o.namespace;
    this.nodePort = o.nodePort;
    this.ingressPort = o.ingressPort;
    this.signal = o.signal;
    const generations = new Map<string, number>();
    this.recorder = new Recorder({ lab: this.id, client: o.client, namespace: o.namespace, timeline: o.timeline, sink: o.sink });
    this.history = new LabHistory(o.observer);
    this.queries = new LabQueries(o.client, o.namespace, o.observer, this.history, generations, new KindWatches(o.client, o.namespace, o.observer));
    this.mutations = new LabMutations({ ...o, images: o.images, history: this.history, recorder: this.recorder, cleaner: this.cleaner, generations, borrowed: Boolean(o.borrowed) });
    this.inCluster = o.route?.via === 'cluster' ? new InClusterEntry({ client: o.client, namespace: o.helperNamespace ?? o.namespace, image: o.images.sampler, ingressPort: o.ingressPort }) : undefined;
  }

  // what the lab records
  step = <T>(title: string, body: () => Promise<T>): Promise<T> => {
    if (this.signal.aborted) throw abortReason(this.signal);
    return this.recorder.step(title, body);
  };
  check = (name: string, ok: boolean, detail?: string, hint?: string): void => this.recorder.check(name, ok, detail, hint);
  measure = (name: string, value: number, unit: string, description?: string, details?: unknown): void => this.recorder.measure(name, value, unit, description, details);
  note = (text: string): void => this.recorder.note(text);

  // waits: every one a check with a deadline, through the recorder
  expect<V>(expectation: Expectation<V>, options: ExpectOptions): Promise<Met<V>> {
    const what = options.what ?? expectation.what;
    const timeoutMs = toMs(options.within);
    const wait = async () => (await this.queries.watches.informer(expectation.resource)).waitFor((objects) => expectation.evaluate([...objects.values()]), { what, timeoutMs, signal: this.signal });
    return this.recorder.awaitCheck(what, timeoutMs, wait, { selector: expectation.selector, hint: options.hint });
  }

  async expectNot<V>(expectation: Expectation<V>, options: { for: Duration; what: string; hint?: string }): Promise<void> {
    const windowMs = toMs(options.for);
    const informer = await this.queries.watches.informer(expectation.resource);
    let happened: Met<V>;
    try {
      happened = await informer.waitFor((objects) => expectation.evaluate([...objects.values()]), { what: expectation.what, timeoutMs: windowMs, signal: this.signal });
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      this.recorder.check(options.what, true, `not once in ${windowMs / 1000}s`);
      return;
    }
    await this.recorder.fail(options.what, `${expectation.what}, after ${(happened.elapsedMs / 1000).toFixed(1)}s`, { selector: expectation.selector, hint: options.hint, deadlineMs: windowMs });
  }

  eventually(what: string, probe: () => Promise<true | string>, options: { within: Duration; every: Duration; hint?: string }): Promise<Met<void>> {
    const timeoutMs = toMs(options.within);
    return this.recorder.awaitCheck(what, timeoutMs, () => pollUntil({ what, timeoutMs, everyMs: toMs(options.every), signal: this.signal }, probe), { hint: options.hint });
  }

  traffic(options: TrafficOptions = {}): Traffic {
    const rate = options.rate ?? 50;
    if (options.service) {
      const url = `http://${options.service}.${this.namespace}.svc.cluster.local${options.servicePort ? `:${options.servicePort}` : ''}${options.path ?? '/'}`;
      return this.keep(new LabTraffic((onSample) => new PodSampler({ client: this.o.client, namespace: this.o.helperNamespace ?? this.namespace, image: this.o.images.sampler, url, ratePerSecond: rate, onSample, ...(options.avoidNode ? { avoidNode: options.avoidNode } : {}) }), this.o.timeline, this.recorder, this.signal));
    }
    if (!this.o.definition.needs.includes('traffic') && !this.o.definition.needs.includes('ingress')) {
      throw new KindlabError('LAB_INVALID', `lab ${this.id} sends traffic from the host but does not declare needs: ['traffic']`);
    }
    const port = options.port ?? this.nodePort;
    if (this.inCluster) {
      const entry = this.inCluster;
      const target = { port, ...(options.path ? { path: options.path } : {}), ...(options.host ? { host: options.host } : {}) };
      return this.keep(new LabTraffic((onSample) => entry.sampler(target, rate, onSample, options.avoidNode), this.o.timeline, this.recorder, this.signal));
    }
    const url = `http://127.0.0.1:${port}${options.path ?? '/'}`;
    const headers = options.host ? { headers: { Host: options.host } } : {};
    return this.keep(new LabTraffic((onSample) => new TrafficSampler({ url, ratePerSecond: rate, onSample, ...headers }), this.o.timeline, this.recorder, this.signal));
  }

  private keep(traffic: LabTraffic): LabTraffic {
    this.traffics.add(traffic);
    return traffic;
  }

  async http(target: HttpTarget = {}): Promise<HttpAnswer & { error?: string }> {
    if (this.signal.aborted) throw abortReason(this.signal);
    const port = target.port ?? this.nodePort;
    const site = target.host ? `http://${target.host}` : '';
    if (this.inCluster) {
      const { url, ...answer } = await this.inCluster.http({ port, ...target }, this.signal);
      this.o.timeline.record({ kind: 'http', at: Date.now(), what: `GET ${site}${target.path ?? '/'} (${url}, from a pod) → ${answer.status || answer.error}` });
      return answer;
    }
    const answer = await httpGet(`http://127.0.0.1:${port}${target.path ?? '/'}`, { signal: this.signal, ...(target.host ? { headers: { Host: target.host } } : {}) });
    this.o.timeline.record({ kind: 'http', at: Date.now(), what: `GET ${site}${target.path ?? '/'} (127.0.0.1:${port}) → ${answer.status || answer.error}` });
    return answer;
  }

  apiGet(path: string): Promise<{ status: number; body: string }> {
    return retryTransient(`GET ${path} on the API server`, () => sendJson(this.o.client, 'GET', path), { signal: this.signal });
  }

  // what is observed
  pods = (selector: string) => this.queries.pods(selector);
  pod = (name: string) => this.queries.pod(name);
  deployment = (name: string) => this.queries.deployment(name);
  claim = (name: string) => this.queries.claim(name);
  service = (name: string) => this.queries.service(name);
  autoscaler = (name: string) => this.queries.autoscaler(name);
  object = <T extends KubeObject = KubeObject>(kind: string, name: string) => objectQuery<T>(this.queries.watches, kind, name);
  job = (name: string) => jobQueries(this.queries.watches, name);
  statefulSet = (name: string) => statefulSetQueries(this.queries.watches, this.history, name);
  podsWhere = (selector: string, what: string, test: (pods: Pod[]) => true | string) => this.queries.podsWhere(selector, what, test);
  nodes = () => this.queries.nodes();
  node = (name: string) => this.queries.node(name);
  controlPlane = () => this.queries.controlPlane();
  event = (reason: string, objectName: string) => this.queries.event(reason, objectName);
  milestones = (pod: string): PodMilestones => this.history.milestones(pod);
  replicaHistory = (replicaSet: string): number[] => this.history.replicaHistory(replicaSet);

  // what the lab changes
  apply = (file: string, vars?: Record<string, string>): Promise<Action> => this.mutations.apply(file, vars);
  /** Files from elsewhere (a student's), through the same door; for exercises. */
  applyFiles = (sources: ManifestSource[], what: string): Promise<Action> => this.mutations.applyFiles(sources, what);
  exec = (pod: string, command: string[], container?: string): Promise<ExecResult> => this.mutations.exec(pod, command, container);
  setImage = (deployment: string, container: string, image: string, options?: { env?: Record<string, string> }) => this.mutations.setImage(deployment, container, image, options?.env);
  rolloutRestart = (deployment: string) => this.mutations.rolloutRestart(deployment);
  scale = (deployment: string, replicas: number) => this.mutations.scale(deployment, replicas);
  rolloutUndo = (deployment: string) => this.mutations.rolloutUndo(deployment);
  resizePod = (pod: string, container: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> }) => this.mutations.resizePod(pod, container, resources);
  labelNode = (node: string, key: string, value: string | null) => this.mutations.labelNode(node, key, value);
  setConfigMapData = (name: string, key: string, value: string) => this.mutations.setConfigMapData(name, key, value);
  configValue = (kind: 'ConfigMap' | 'Secret', name: string, key: string) => this.mutations.configValue(kind, name, key);
  deletePod = (name: string) => this.mutations.deletePod(name);
  killMainProcess = (pod: string, container?: string) => this.mutations.killMainProcess(pod, container);
  stopNode = (node: string) => this.mutations.stopNode(node);
  startNode = (node: string) => this.mutations.startNode(node);

  /** Stops whatever the lab left running (traffic) and undoes its changes outside the namespace. */
  async close(): Promise<void> {
    await Promise.all([...[...this.traffics].map((t) => t.stop().catch(() => undefined)), this.inCluster?.stop()]);
    await this.cleaner.runAll((line, ok) => this.o.timeline.record(ok ? { kind: 'action', at: Date.now(), what: line } : { kind: 'note', at: Date.now(), text: line }));
  }
}
