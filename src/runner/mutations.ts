import { PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { secretForms } from '../core/redact.js';
import { retryTransient } from '../kube/retry.js';
import { startNode, stopNode } from '../cluster/nodes.js';
import { KindlabError } from '../core/errors.js';
import { fromProject } from '../core/paths.js';
import { isAbsolute, join, relative } from 'node:path';
import { applyObjects } from '../kube/apply.js';
import { isKindNode, type KubeClient } from '../kube/client.js';
import { execInPod, type ExecResult } from '../kube/exec.js';
import { clusterScopes, takeIn, type ManifestSource } from '../kube/intake.js';
import { restartCount } from '../kube/status.js';
import type { NamespaceObserver } from '../observe/observer.js';
import { deletePod, labelNode, patchDeployment, resizeContainer, rolloutRestartBody, scaleBody, setImageBody, undoRollout } from './actions.js';
import type { Cleaner } from './cleaner.js';
import { withImages, type LabImages } from './images.js';
import type { LabHistory } from './history.js';
import type { Action, LabDefinition } from './lab.js';
import type { Recorder } from './recorder.js';

export interface MutationsOptions {
  definition: LabDefinition;
  client: KubeClient;
  namespace: string;
  nodePort: number;
  observer: NamespaceObserver;
  history: LabHistory;
  recorder: Recorder;
  cleaner: Cleaner;
  signal: AbortSignal;
  /** Chaos (killing pods, stopping nodes) is allowed on this cluster. */
  chaosAllowed: boolean;
  /** Generation of each Deployment after the lab's own last change (read-your-writes for waits). */
  generations: Map<string, number>;
  /** The namespace is not the lab's own (it stays): what the lab applies is deleted when it ends. */
  borrowed: boolean;
  images: LabImages;
}

/** The changes a lab makes to the cluster: applies, kubectl's imperative commands, and chaos. */
export class LabMutations {
  constructor(private readonly o: MutationsOptions) {}

  private get id(): string {
    return this.o.definition.id;
  }

  /** A file of the lab's own manifests, its ${VARIABLES} filled. */
  apply(file: string, vars: Record<string, string> = {}): Promise<Action> {
    const folder = this.o.definition.manifests ?? `manifests/${this.id}`;
    const path = isAbsolute(folder) ? join(folder, file) : fromProject(folder, file);
    return this.applyFiles([{ path, display: relative(process.cwd(), path) || file }], file, { NAMESPACE: this.o.namespace, NODE_PORT: String(this.o.nodePort), ...vars });
  }

  /** Files through the one door (intake: namespace, scope, size), then server-side apply, strictly. */
  async applyFiles(sources: ManifestSource[], what: string, variables?: Record<string, string>): Promise<Action> {
    this.throwIfAborted();
    const sent = Date.now();
    const intake = await takeIn(sources, clusterScopes(this.o.client), {
      namespace: this.o.namespace,
      ...(variables ? { variables } : {}),
      ...(this.o.definition.clusterScoped ? { clusterScoped: this.o.definition.clusterScoped } : {}),
    });
    this.o.recorder.secrets.push(...intake.secrets);
    const applied = await applyObjects(this.o.client, intake.manifests.map((m) => withImages(m, this.o.images.pull)), { labels: { 'kindlab.dev/lab': this.id }, signal: this.o.signal, redact: this.o.recorder.redact });
    if (this.o.borrowed) {
      this.o.cleaner.defer(`delete what ${what} created`, async () => {
        for (const object of applied) await this.o.client.objects.delete(object, undefined, undefined, 0).catch(() => undefined);
      });
    }
    for (const object of applied) if (object.kind === 'Deployment') this.noteGeneration(object as V1Deployment);
    return this.o.recorder.action(`apply ${what} (${intake.manifests.map((m) => `${m.object.kind}/${m.object.metadata.name}`).join(', ')})`, sent);
  }

  async exec(pod: string, command: string[], container?: string): Promise<ExecResult> {
    this.throwIfAborted();
    const result = await execInPod(this.o.client, { namespace: this.o.namespace, pod, command, ...(container ? { container } : {}) });
    this.o.recorder.action(`exec in ${pod}: ${command.join(' ')} → exit ${result.exitCode}`);
    return result;
  }

  setImage(deployment: string, container: string, image: string, env?: Record<string, string>): Promise<Action> {
    const vars = Object.entries(env ?? {}).map(([k, v]) => ` ${k}=${v}`).join('');
    return this.patch(deployment, setImageBody(container, this.o.images.pull(image), env), 'setting the image', `set image ${deployment} ${container}=${image}${vars ? ` (env${vars})` : ''}`);
  }

  rolloutRestart(deployment: string): Promise<Action> {
    return this.patch(deployment, rolloutRestartBody(new Date()), 'restarting the rollout', `rollout restart deployment ${deployment}`);
  }

  scale(deployment: string, replicas: number): Promise<Action> {
    return this.patch(deployment, scaleBody(replicas), 'scaling', `scale deployment ${deployment} to ${replicas}`);
  }

  async rolloutUndo(deployment: string): Promise<Action<{ toRevision: string }>> {
    this.throwIfAborted();
    const previous = this.o.history.replicaSetsOf(deployment).at(-2);
    if (!previous) throw new KindlabError('NO_PREVIOUS_REVISION', `deployment ${deployment} has no previous revision to roll back to`);
    const sent = Date.now();
    this.noteGeneration(await undoRollout(this.o.client, this.o.namespace, deployment, previous.set.spec!.template!));
    return this.o.recorder.action(`rollout undo deployment ${deployment} (to revision ${previous.revision}, ${previous.image})`, sent, { toRevision: previous.revision });
  }

  async resizePod(pod: string, container: string, resources: { requests?: Record<string, string>; limits?: Record<string, string> }): Promise<Action> {
    this.throwIfAborted();
    const sent = Date.now();
    await resizeContainer(this.o.client, this.o.namespace, pod, container, resources);
    return this.o.recorder.action(`resize ${pod}/${container} in place: ${JSON.stringify(resources)}`, sent);
  }

  async setConfigMapData(name: string, key: string, value: string): Promise<Action> {
    this.throwIfAborted();
    const sent = Date.now();
    await retryTransient(`changing ConfigMap ${this.o.namespace}/${name}`, () =>
      this.o.client.core.patchNamespacedConfigMap({ name, namespace: this.o.namespace, body: { data: { [key]: value } }, fieldManager: 'kindlab-action' }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
    );
    return this.o.recorder.action(`change ConfigMap ${name}: ${key}`, sent);
  }

  async configValue(kind: 'ConfigMap' | 'Secret', name: string, key: string): Promise<string | undefined> {
    const namespace = this.o.namespace;
    if (kind === 'ConfigMap') return (await retryTransient(`reading ConfigMap ${namespace}/${name}`, () => this.o.client.core.readNamespacedConfigMap({ name, namespace }))).data?.[key];
    const secret = await retryTransient(`reading Secret ${namespace}/${name}`, () => this.o.client.core.readNamespacedSecret({ name, namespace }));
    const value = secret.data?.[key];
    if (value === undefined) return undefined;
    const clear = Buffer.from(value, 'base64').toString('utf8');
    this.o.recorder.secrets.push(...secretForms([clear]));
    return clear;
  }

  async labelNode(node: string, key: string, value: string | null): Promise<Action> {
    this.throwIfAborted();
    const before = (await this.o.observer.nodes.current()).find((n) => n.metadata?.name === node)?.metadata?.labels?.[key] ?? null;
    const sent = Date.now();
    await labelNode(this.o.client, node, key, value);
    this.o.cleaner.defer(`restore label ${key} on node ${node}`, () => labelNode(this.o.client, node, key, before));
    return this.o.recorder.action(value === null ? `remove label ${key} from node ${node}` : `label node ${node} ${key}=${value}`, sent);
  }

  async deletePod(name: string): Promise<Action> {
    this.assertChaos(`delete pod ${name}`);
    const sent = Date.now();
    await deletePod(this.o.client, this.o.namespace, name);
    return this.o.recorder.action(`delete pod ${name}`, sent);
  }

  async killMainProcess(pod: string, container?: string): Promise<Action<{ restartsBefore: number }>> {
    this.assertChaos(`kill the main process of ${pod}`);
    const current = this.o.observer.pods.objects.get(`${this.o.namespace}/${pod}`);
    const restartsBefore = current ? restartCount(current, container) : 0;
    // PID 1 of the container is its main process; SIGTERM makes it exit, as a crash would.
    const result = await execInPod(this.o.client, { namespace: this.o.namespace, pod, command: ['kill', '1'], ...(container ? { container } : {}) });
    // The exec session dies with the container it ran in (137, or no status at all): that is the
    // expected outcome; 1-127 means kill itself failed (no such binary, not permitted).
    if (result.exitCode > 0 && result.exitCode < 128) {
      throw new KindlabError('EXEC_FAILED', `kill 1 in ${pod} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
    }
    return this.o.recorder.action(`kill the main process (PID 1) of ${pod}`, Date.now(), { restartsBefore });
  }

  async stopNode(node: string): Promise<Action> {
    await this.assertNodeChaos(node);
    await stopNode(node);
    this.o.cleaner.defer(`start node ${node} again`, () => startNode(node));
    return this.o.recorder.action(`stop node ${node} (docker stop of its container)`);
  }

  async startNode(node: string): Promise<Action> {
    await this.assertNodeChaos(node);
    await startNode(node);
    return this.o.recorder.action(`start node ${node}`);
  }

  private async patch(deployment: string, body: object, doing: string, what: string): Promise<Action> {
    this.throwIfAborted();
    const sent = Date.now();
    this.noteGeneration(await patchDeployment(this.o.client, this.o.namespace, deployment, body, doing));
    return this.o.recorder.action(what, sent);
  }

  private noteGeneration(d: V1Deployment): void {
    if (d.metadata?.name && d.metadata.generation) this.o.generations.set(d.metadata.name, d.metadata.generation);
  }

  private async assertNodeChaos(node: string): Promise<void> {
    this.assertChaos(`stop or start node ${node}`);
    if (!this.o.definition.needs.includes('node-chaos')) throw new KindlabError('LAB_INVALID', `lab ${this.id} acts on nodes but does not declare needs: ['node-chaos']`);
    const known = (await this.o.observer.nodes.current()).find((n) => n.metadata?.name === node);
    if (!known || !isKindNode(known)) throw new KindlabError('CHAOS_REFUSED', `refusing to stop ${node}: it is not a node of a kind cluster`);
    // Stopping the control plane stops the API server: every run and every student on the cluster.
    if (known.metadata?.labels?.['node-role.kubernetes.io/control-plane'] !== undefined) throw new KindlabError('CHAOS_REFUSED', `refusing to stop ${node}: it runs the control plane`, { fix: 'only workers are stopped; pods on the control plane are refused in a class (no toleration of its taint)' });
  }

  private assertChaos(what: string): void {
    this.throwIfAborted();
    if (!this.o.chaosAllowed) {
      throw new KindlabError('CHAOS_REFUSED', `refusing to ${what}: this is not a kind cluster`, { fix: 'run labs on the kindlab cluster, or pass --allow-chaos' });
    }
  }

  private throwIfAborted(): void {
    if (this.o.signal.aborted) throw abortReason(this.o.signal);
  }
}

export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error && reason.name !== 'TimeoutError' ? reason : new KindlabError('ABORTED', 'interrupted');
}
