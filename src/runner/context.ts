import type { V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';
import { startNode, stopNode } from '../cluster/nodes.js';
import { toMs, type Duration } from '../core/duration.js';
import { KindlabError } from '../core/errors.js';
import { applyObjects } from '../kube/apply.js';
import { isKindNode, type KubeClient } from '../kube/client.js';
import { execInPod, type ExecResult } from '../kube/exec.js';
import { sendJson } from '../kube/raw.js';
import { restartCount } from '../observe/conditions.js';
import { diagnoseNamespace, formatDiagnosis, redactValues } from '../observe/diagnose.js';
import { httpGet, type HttpAnswer } from '../observe/http.js';
import { WaitTimeoutError } from '../observe/informer.js';
import type { NamespaceObserver } from '../observe/observer.js';
import type { Timeline } from '../observe/timeline.js';
import { deletePod, labelNode, patchDeployment, resizeContainer, rolloutRestartBody, scaleBody, setImageBody, undoRollout } from './actions.js';
import type { Expectation, Met, PodMilestones } from './expectations.js';
import { LabHistory } from './history.js';
import type { Action, DeploymentQueries, HttpTarget, Lab, LabDefinition, PodQueries, ServiceQueries, SinglePodQueries, Traffic, TrafficOptions } from './lab.js';
import { loadLabManifests, secretValues } from './manifest-files.js';
import { LabQueries } from './queries.js';
import type { CheckResult, Measurement, RunnerSink, StepResult } from './results.js';
import { LabTraffic } from './traffic.js';
import { retryTransient } from '../kube/retry.js';

/** A check failed: the step and the lab stop here (the result says why). */
export class CheckFailedError extends KindlabError {
  constructor(readonly check: CheckResult) {
    super('CHECK_FAILED', `${check.name}: ${check.message ?? 'failed'}`);
  }
}

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
}

/** The runner's implementation of the lab API for one lab run. */
export class LabContext implements Lab {
  readonly id: string;
  readonly namespace: string;
  readonly nodePort: number;
  readonly ingressPort: number;
  readonly signal: AbortSignal;
  readonly steps: StepResult[] = [];
  readonly measurements: Measurement[] = [];
  /** Values never to print: the data of Secrets this lab applied. */
  readonly secrets: string[] = [];
  private currentStep: StepResult | undefined;
  private readonly traffics = new Set<LabTraffic>();
  /** Generation of each Deployment after the lab's own last change (read-your-writes for waits). */
  private readonly generations = new Map<string, number>();
  /** Undo actions registered when the lab changed something outside its namespace. */
  private readonly cleanups: Array<{ what: string; run: () => Promise<void> }> = [];
  private readonly queries: LabQueries;
  private readonly history: LabHistory;

  constructor(private readonly o: LabContextOptions) {
    this.id = o.definition.id;
    this.namespace = o.namespace;
    this.nodePort = o.nodePort;
    this.ingressPort = o.ingressPort;
    this.signal = o.signal;
    this.queries = new LabQueries(o.client, o.namespace, o.observer, this.generations);
    this.history = new LabHistory(o.observer);
  }

  redact = (text: string): string => redactValues(text, this.secrets);

  async step<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.throwIfAborted();
    const step: StepResult = { title, status: 'passed', durationMs: 0, checks: [] };
    const started = Date.now();
    this.steps.push(step);
    this.currentStep = step;
    this.o.sink({ type: 'step-start', at: started, lab: this.id, step: title });
    this.o.timeline.record({ kind: 'note', at: started, text: `step: ${title}` });
    try {
      return await body();
    } catch (error) {
      step.status = 'failed';
      throw error;
    } finally {
      step.durationMs = Date.now() - started;
      this.currentStep = undefined;
      this.o.sink({ type: 'step-end', at: Date.now(), lab: this.id, step });
    }
  }

  async apply(file: string, vars: Record<string, string> = {}): Promise<Action> {
    this.throwIfAborted();
    const sent = Date.now();
    const manifests = loadLabManifests(this.id, file, { NAMESPACE: this.namespace, NODE_PORT: String(this.nodePort), ...vars });
    for (const m of manifests) this.secrets.push(...secretValues(m));
    const applied = await applyObjects(this.o.client, manifests, { namespace: this.namespace, labels: { 'kindlab.dev/lab': this.id } });
    for (const object of applied) if (object.kind === 'Deployment') this.noteGeneration(object as V1Deployment);
    return this.action(`apply ${file} (${manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}`).join(', ')})`, sent);
  }

  async expect<V>(expectation: Expectation<V>, options: { within: Duration; what?: string }): Promise<Met<V>> {
    this.throwIfAborted();
    const name = options.what ?? expectation.what;
    const timeoutMs = toMs(options.within);
    const informer = this.o.observer.informer(expectation.resource);
    try {
      const met = await informer.waitFor((objects) => expectation.test([...objects.values()]), { what: name, timeoutMs, signal: this.signal });
      const value = expectation.value([...informer.objects.values()]);
      this.recordCheck({ name, status: 'passed', durationMs: met.elapsedMs, deadlineMs: timeoutMs, metAt: new Date(met.metAt).toISOString() });
      return { metAt: met.metAt, elapsedMs: met.elapsedMs, value };
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw this.signal.aborted ? this.abortReason() : error;
      const diagnosis = await diagnoseNamespace(this.o.client, this.namespace, { redact: this.secrets, ...(expectation.selector ? { labelSelector: expectation.selector } : {}) });
      const check: CheckResult = {
        name,
        status: 'failed',
        durationMs: timeoutMs,
        deadlineMs: timeoutMs,
        message: this.redact(`not met within ${timeoutMs / 1000}s; last seen: ${error.lastMismatch}`),
        diagnosis,
      };
      this.recordCheck(check);
      this.o.timeline.record({ kind: 'note', at: Date.now(), text: `diagnosis:\n${formatDiagnosis(diagnosis)}` });
      throw new CheckFailedError(check);
    }
  }

  async eventually(what: string, probe: () => Promise<true | string>, options: { within: Duration; every: Duration }): Promise<{ metAt: number; elapsedMs: number }> {
    const timeoutMs = toMs(options.within);
    const everyMs = toMs(options.every);
    const started = Date.now();
    let last = 'not checked yet';
    while (Date.now() - started < timeoutMs) {
      this.throwIfAborted();
      const verdict = await probe();
      if (verdict === true) {
        const metAt = Date.now();
        this.recordCheck({ name: what, status: 'passed', durationMs: metAt - started, deadlineMs: timeoutMs, metAt: new Date(metAt).toISOString() });
        return { metAt, elapsedMs: metAt - started };
      }
      last = verdict;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    const diagnosis = await diagnoseNamespace(this.o.client, this.namespace, { redact: this.secrets });
    const check: CheckResult = { name: what, status: 'failed', durationMs: timeoutMs, deadlineMs: timeoutMs, message: this.redact(`not met within ${timeoutMs / 1000}s; last seen: ${last}`), diagnosis };
    this.recordCheck(check);
    throw new CheckFailedError(check);
  }

  check(name: string, ok: boolean, detail?: string): void {
    const check: CheckResult = { name, status: ok ? 'passed' : 'failed', durationMs: 0, deadlineMs: 0, ...(detail ? { message: this.redact(detail) } : {}) };
    this.recordCheck(check);
    if (!ok) throw new CheckFailedError(check);
  }

  measure(name: string, value: number, unit: string, description?: string, details?: unknown): void {
    const m: Measurement = { name, value: Math.round(value * 1000) / 1000, unit, ...(description ? { description } : {}), ...(details === undefined ? {} : { details }) };
    this.measurements.push(m);
    this.o.timeline.record({ kind: 'measure', at: Date.now(), name, value: m.value, unit });
    this.o.sink({ type: 'measure', at: Date.now(), lab: this.id, measurement: m });
  }

  note(text: string): void {
    this.o.timeline.record({ kind: 'note', at: Date.now(), text: this.redact(text) });
    this.o.sink({ type: 'note', at: Date.now(), lab: this.id, text: this.redact(text) });
  }

  // What is observed: delegated to the queries and the history.
  pods(selector: string): PodQueries {
    return this.queries.pods(selector);
  }

  pod(name: string): SinglePodQueries {
    return this.queries.pod(name);
  }

  deployment(name: string): DeploymentQueries {
    return this.queries.deployment(name);
  }

  claim(name: string): { bound(): Expectation<void> } {
    return this.queries.claim(name);
  }

  service(name: string): ServiceQueries {
    return this.queries.service(name);
  }

  podsWhere(selector: string, what: string, test: (pods: V1Pod[]) => true | string): Expectation<V1Pod[]> {
    return this.queries.podsWhere(selector, what, test);
  }

  nodes(): V1Node[] {
    return this.queries.nodes();
  }

  node(name: string): { ready(): Expectation<void>; notReady(): Expectation<void> } {
    return this.queries.node(name);
  }

  event(reason: string, objectName: string): Expectation<string> {
    return this.queries.event(reason, objectName);
  }

  podsIn(namespace: string, selector?: string): Promise<V1Pod[]> {
    return this.queries.podsIn(namespace, selector);
  }

  milestones(pod: string): PodMilestones {
    return this.history.milestones(pod);
  }

  replicaHistory(replicaSet: string): number[] {
    return this.history.replicaHistory(replicaSet);
  }

  replicaTimeline(deployment: string) {
    return this.history.replicaTimeline(deployment);
  }

  replicaSetsOf(deployment: string) {
    return this.history.replicaSetsOf(deployment).map(({ name, revision, replicas, image }) => ({ name, revision, replicas, image }));
  }

  async http(target: HttpTarget = {}): Promise<HttpAnswer & { error?: string }> {
    this.throwIfAborted();
    const port = target.port ?? this.nodePort;
    const answer = await httpGet(`http://127.0.0.1:${port}${target.path ?? '/'}`, target.host ? { headers: { Host: target.host } } : {});
    this.o.timeline.record({ kind: 'http', at: Date.now(), what: `GET ${target.host ? `http://${target.host}` : ''}${target.path ?? '/'} (127.0.0.1:${port}) → ${answer.status || answer.error}` });
    return answer;
  }

  async apiGet(path: string): Promise<{ status: number; body: string }> {
    this.throwIfAborted();
    return retryTransient(`GET ${path} on the API server`, () => sendJson(this.o.client, 'GET', path));
  }

  async rolloutUndo(deployment: string): Promise<Action<{ toRevision: string }>> {
    const previous = this.history.replicaSetsOf(deployment).at(-2);
    if (!previous) throw new KindlabError('NO_PREVIOUS_REVISION', `deployment ${deployment} has no previous revision to roll back to`);
    const sent = Date.now();
    this.noteGeneration(await undoRollout(this.o.client, this.namespace, deployment, previous.set.spec!.template!));
    const at = this.action(`rollout undo deployment ${deployment} (back to revision ${previous.revision}: ${previous.image})`, sent);
    return { at: at.at, value: { toRevision: previous.revision } };
  }

  async resizePod(pod: string, container: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> }): Promise<Action> {
    const sent = Date.now();
    await resizeContainer(this.o.client, this.namespace, pod, container, resources);
    return this.action(`resize ${pod}/${container} in place: ${JSON.stringify(resources)}`, sent);
  }

  async labelNode(node: string, key: string, value: string | null): Promise<Action> {
    await this.o.observer.informer('nodes').ready();
    const before = this.nodes().find((n) => n.metadata?.name === node)?.metadata?.labels?.[key] ?? null;
    const sent = Date.now();
    await labelNode(this.o.client, node, key, value);
    this.cleanups.push({ what: `restore label ${key} on node ${node}`, run: () => labelNode(this.o.client, node, key, before) });
    return this.action(value === null ? `remove label ${key} from node ${node}` : `label node ${node} ${key}=${value}`, sent);
  }

  async stopNode(node: string): Promise<Action> {
    await this.o.observer.informer('nodes').ready();
    this.assertNodeChaos(node);
    await stopNode(node);
    this.cleanups.push({ what: `start node ${node} again`, run: () => this.restartNodeContainer(node) });
    return this.action(`stop node ${node} (docker stop of its container)`);
  }

  async startNode(node: string): Promise<Action> {
    await this.o.observer.informer('nodes').ready();
    this.assertNodeChaos(node);
    await this.restartNodeContainer(node);
    return this.action(`start node ${node}`);
  }

  private async restartNodeContainer(node: string): Promise<void> {
    await startNode(node);
  }

  private assertNodeChaos(node: string): void {
    this.assertChaos(`stop or start node ${node}`);
    if (!this.o.definition.needs.includes('node-chaos')) throw new KindlabError('LAB_INVALID', `lab ${this.id} acts on nodes but does not declare needs: ['node-chaos']`);
    const known = this.nodes().find((n) => n.metadata?.name === node);
    if (!known || !isKindNode(known)) throw new KindlabError('CHAOS_REFUSED', `refusing to stop ${node}: it is not a node of a kind cluster`);
  }

  async deletePod(name: string): Promise<Action> {
    this.assertChaos(`delete pod ${name}`);
    const sent = Date.now();
    await deletePod(this.o.client, this.namespace, name);
    return this.action(`delete pod ${name}`, sent);
  }

  async killMainProcess(pod: string, container?: string): Promise<Action<{ restartsBefore: number }>> {
    this.assertChaos(`kill the main process of ${pod}`);
    const current = this.o.observer.pods.objects.get(`${this.namespace}/${pod}`) as V1Pod | undefined;
    const restartsBefore = current ? restartCount(current, container) : 0;
    // PID 1 of the container is its main process; SIGTERM makes it exit, as a crash would.
    const result = await execInPod(this.o.client, { namespace: this.namespace, pod, command: ['kill', '1'], ...(container ? { container } : {}) });
    // The exec session dies with the container it ran in (137, or no status at all): that is the
    // expected outcome; 1-127 means kill itself failed (no such binary, not permitted).
    if (result.exitCode > 0 && result.exitCode < 128) {
      throw new KindlabError('EXEC_FAILED', `kill 1 in ${pod} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
    }
    const at = this.action(`kill the main process (PID 1) of ${pod}`);
    return { at: at.at, value: { restartsBefore } };
  }

  async exec(pod: string, command: string[], container?: string): Promise<ExecResult> {
    this.throwIfAborted();
    const result = await execInPod(this.o.client, { namespace: this.namespace, pod, command, ...(container ? { container } : {}) });
    this.action(`exec in ${pod}: ${command.join(' ')} → exit ${result.exitCode}`);
    return result;
  }

  async setImage(deployment: string, container: string, image: string): Promise<Action> {
    const sent = Date.now();
    this.noteGeneration(await patchDeployment(this.o.client, this.namespace, deployment, setImageBody(container, image), 'setting the image'));
    return this.action(`set image ${deployment} ${container}=${image}`, sent);
  }

  async rolloutRestart(deployment: string): Promise<Action> {
    const sent = Date.now();
    this.noteGeneration(await patchDeployment(this.o.client, this.namespace, deployment, rolloutRestartBody(new Date()), 'restarting the rollout'));
    return this.action(`rollout restart deployment ${deployment}`, sent);
  }

  async scale(deployment: string, replicas: number): Promise<Action> {
    const sent = Date.now();
    this.noteGeneration(await patchDeployment(this.o.client, this.namespace, deployment, scaleBody(replicas), 'scaling'));
    return this.action(`scale deployment ${deployment} to ${replicas}`, sent);
  }

  traffic(options: TrafficOptions = {}): Traffic {
    if (!this.o.definition.needs.includes('traffic')) {
      throw new KindlabError('LAB_INVALID', `lab ${this.id} sends traffic but does not declare needs: ['traffic']`);
    }
    const traffic = new LabTraffic(options.port ?? this.nodePort, options, this.o.timeline, this.signal);
    this.traffics.add(traffic);
    return traffic;
  }

  /** Stops whatever the lab left running (traffic), so nothing outlives it. */
  async close(): Promise<void> {
    await Promise.all([...this.traffics].map((t) => t.stop().catch(() => undefined)));
    for (const cleanup of this.cleanups.reverse()) {
      await cleanup.run().then(
        () => this.o.timeline.record({ kind: 'action', at: Date.now(), what: `cleanup: ${cleanup.what}` }),
        (error: unknown) => this.o.timeline.record({ kind: 'note', at: Date.now(), text: `cleanup failed (${cleanup.what}): ${(error as Error).message}` }),
      );
    }
  }

  private noteGeneration(d: V1Deployment): void {
    if (d.metadata?.name && d.metadata.generation) this.generations.set(d.metadata.name, d.metadata.generation);
  }

  /**
   * Records an action in the timeline. `at` is when its request was sent for API changes (the
   * server applies them before answering, so a watch event can never come before it), or when it
   * completed for the slow ones (a killed process, a stopped node).
   */
  private action(what: string, at = Date.now()): Action {
    this.o.timeline.record({ kind: 'action', at, what: this.redact(what) });
    return { at, value: undefined };
  }

  private recordCheck(check: CheckResult): void {
    if (!this.currentStep) throw new KindlabError('LAB_INVALID', `lab ${this.id}: check "${check.name}" outside of a step`);
    this.currentStep.checks.push(check);
    this.o.timeline.record({ kind: 'check', at: Date.now(), name: check.name, passed: check.status === 'passed', detail: check.message ?? '' });
    this.o.sink({ type: 'check', at: Date.now(), lab: this.id, step: this.currentStep.title, check });
  }

  private assertChaos(what: string): void {
    this.throwIfAborted();
    if (!this.o.chaosAllowed) {
      throw new KindlabError('CHAOS_REFUSED', `refusing to ${what}: this is not a kind cluster`, { fix: 'run labs on the kindlab cluster, or pass --allow-chaos' });
    }
  }

  private throwIfAborted(): void {
    if (this.signal.aborted) throw this.abortReason();
  }

  private abortReason(): Error {
    const reason: unknown = this.signal.reason;
    return reason instanceof Error ? reason : new KindlabError('ABORTED', 'interrupted');
  }
}
