import { setMaxListeners } from 'node:events';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { toMs } from '../core/duration.js';
import { messageOf } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { diagnoseNamespace } from '../observe/diagnose.js';
import { NamespaceObserver } from '../observe/observer.js';
import { Timeline } from '../observe/timeline.js';
import type { ClusterLock, Ticket } from './cluster-lock.js';
import type { LabImages } from './images.js';
import { LabContext } from './context.js';
import type { EntryRoute } from './entry.js';
import type { RunIdentity } from './coordination.js';
import type { LabDefinition } from './lab.js';
import { createLabNamespace, deleteNamespace, keptLabel, labNamespace } from './namespaces.js';
import type { ClusterFacts } from './needs.js';
import { ingressPort, type NodePortClaims } from './ports.js';
import { CheckFailedError } from './recorder.js';
import type { LabResult, LabStatus, RunnerSink } from './results.js';

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);

/** What every lab of a run shares. */
export interface LabEnvironment {
  client: KubeClient;
  identity: RunIdentity;
  sink: RunnerSink;
  /** The run's signal: Ctrl-C. */
  signal: AbortSignal;
  lock: ClusterLock;
  ports: NodePortClaims;
  facts: ClusterFacts;
  keepOnFailure: boolean;
  /** The sampler's image, and where the cluster pulls kindlab's images from. */
  images: LabImages;
  /** Work in this existing namespace (grading what a student built by hand): not created, not deleted. */
  namespace?: string;
  /** Where kindlab's own pods (the traffic sampler) run, when not in the lab's namespace: out of the graded student's reach. */
  helperNamespace?: string;
  /** Per-lab deadline; default: three times the lab's expected duration, at least 3 minutes. */
  labTimeoutMs?: number;
}

/** A lab's result, and its namespace's deletion still going on (it never rejects). */
export interface LabRun {
  result: LabResult;
  cleanup: Promise<void>;
}

/**
 * One lab, start to end, as Chainsaw runs a test: try (needs, namespace, its turn on the shared
 * cluster, the lab itself), catch (a status and, for errors, a diagnosis), finally (stop what runs,
 * undo, delete the namespace, give back the lock and the port). Never throws: the result says it.
 */
export async function runLab(definition: LabDefinition, env: LabEnvironment): Promise<LabRun> {
  const started = Date.now();
  const timeline = new Timeline(started);
  const timeoutMs = env.labTimeoutMs ?? Math.max(180_000, 3 * toMs(definition.duration));
  let namespace = env.namespace ?? labNamespace(definition.id, env.identity.runId);
  let ticket: Ticket | undefined;
  let timeout: AbortSignal | undefined;
  let observer: NamespaceObserver | undefined;
  let lab: LabContext | undefined;
  let status: LabStatus = 'passed';
  let error: LabResult['error'];
  let cleanup: Promise<void> = Promise.resolve();
  const say = (text: string) => env.sink({ type: 'note', at: Date.now(), lab: definition.id, text });
  env.sink({ type: 'lab-start', at: started, lab: definition.id, title: definition.title.en, namespace });
  try {
    if (!env.namespace) namespace = await createLabNamespace(env.client, definition.id, env.identity);
    ticket = await env.lock.register(namespace, definition.id);
    if (definition.exclusive) await env.lock.enterExclusive(ticket, definition.id, env.signal, say);
    else await env.lock.enterShared(ticket, env.signal, say);
    // Asked once it has its turn: another run's exclusive lab may have a node stopped until then.
    await env.facts.assertNeeds(definition.id, definition.needs, Boolean(definition.exclusive));
    const nodePort = definition.needs.includes('traffic') ? await env.ports.take(definition.id) : 0;
    const route = await entryRouteFor(definition, env);
    // The lab's own deadline starts once it has its turn on the cluster.
    timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([env.signal, timeout]);
    // Every wait of the lab listens to it (a few at once, traffic included): not a leak.
    setMaxListeners(100, signal);
    observer = new NamespaceObserver(env.client, namespace, timeline);
    await observer.startDefaults();
    lab = new LabContext({ definition, client: env.client, namespace, nodePort, ingressPort, route, observer, timeline, sink: env.sink, signal, chaosAllowed: env.facts.chaosAllowed, images: env.images, borrowed: Boolean(env.namespace), ...(env.helperNamespace ? { helperNamespace: env.helperNamespace } : {}) });
    if (route.via === 'cluster') lab.note(`the host's ports do not lead to this cluster (${route.why}): the lab's requests come from a pod inside it, to its node's NodePort or to the Ingress controller`);
    await definition.run(lab);
  } catch (e) {
    status = env.signal.aborted ? 'interrupted' : timeout?.aborted ? 'timeout' : e instanceof CheckFailedError ? 'failed' : 'error';
    const message = status === 'timeout' ? `the lab did not finish within ${Math.round(timeoutMs / 1000)}s` : status === 'interrupted' ? 'interrupted' : messageOf(e);
    error = { message: lab ? lab.recorder.redact(message) : message };
    if ((status === 'error' || status === 'timeout') && ticket) {
      const diagnosis = await diagnoseNamespace(env.client, namespace, { redact: lab?.recorder.secrets ?? [] }).catch(() => undefined);
      if (diagnosis) error.diagnosis = diagnosis;
    }
  } finally {
    await lab?.close();
    observer?.stop();
    const kept = Boolean(ticket) && !env.namespace && status !== 'passed' && status !== 'interrupted' && env.keepOnFailure;
    if (kept) await keep(env, namespace, timeline);
    // The lab's slot is free once its body is done: its namespace goes in the background (the run
    // waits for every deletion before it ends). On Ctrl-C the whole of this takes under 2 s.
    cleanup = (async () => {
      const gone = kept ? false : !ticket || env.namespace ? true : await remove(env, definition.id, namespace, status);
      // The NodePort is given back once the Service holding it is gone; else its claim expires (40 s).
      if (gone) await env.ports.release(definition.id).catch(() => undefined);
      else env.ports.abandon(definition.id);
    })();
    if (ticket) await env.lock.leave(ticket, Boolean(env.namespace)).catch(() => undefined);
  }
  const result: LabResult = {
    id: definition.id,
    title: definition.title,
    section: definition.section,
    status,
    namespace,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    steps: lab?.recorder.steps ?? [],
    measurements: lab?.recorder.measurements ?? [],
    ...(error ? { error } : {}),
    watches: { opened: observer?.watchCount ?? 0, resumed: observer?.resumes ?? 0 },
    timeline: timeline.format(lab?.recorder.redact),
    events: timeline.structured(lab?.recorder.redact),
  };
  env.sink({ type: 'lab-end', at: Date.now(), lab: result });
  return { result, cleanup };
}

/** How the requests of a lab that sends some to the host's ports reach the cluster. */
async function entryRouteFor(definition: LabDefinition, env: LabEnvironment): Promise<EntryRoute> {
  if (!definition.needs.includes('traffic') && !definition.needs.includes('ingress')) return { via: 'host' };
  return env.facts.entryRoute();
}

/** --keep: a lab that did not pass keeps its namespace for inspection, said in its timeline. */
async function keep(env: LabEnvironment, namespace: string, timeline: Timeline): Promise<void> {
  await env.client.core.patchNamespace({ name: namespace, body: { metadata: { labels: { [keptLabel]: 'true' } } } }, mergePatch).catch(() => undefined);
  timeline.record({ kind: 'note', at: Date.now(), text: `namespace ${namespace} kept for inspection (--keep); delete it with \`kubectl delete namespace ${namespace}\`` });
}

/** The namespace goes (at once on Ctrl-C); true once it is gone. What goes wrong is said as a note of the run. */
async function remove(env: LabEnvironment, lab: string, namespace: string, status: LabStatus): Promise<boolean> {
  const note = (text: string) => env.sink({ type: 'run-note', at: Date.now(), text: `${lab}: ${text}` });
  const interrupted = status === 'interrupted';
  // The lab is over: its pods' graceful shutdowns (preStop hooks, grace periods) would only make the namespace slow to go.
  const gone = await deleteNamespace(env.client, namespace, { fast: true, timeoutMs: interrupted ? 1000 : 120_000 }).catch((e: unknown) => {
    note(`cleanup: ${messageOf(e)}`);
    return false;
  });
  if (!gone) note(`namespace ${namespace} is being deleted (its pods were stopped without grace)`);
  return gone;
}
