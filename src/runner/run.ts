import { randomBytes } from 'node:crypto';
import { KindlabError, messageOf } from '../core/errors.js';
import { toMs } from '../core/duration.js';
import { isKindNode, isNodeReady, type KubeClient } from '../kube/client.js';
import { toKubeError } from '../kube/errors.js';
import { reachApi } from '../kube/reach.js';
import { diagnoseNamespace } from '../observe/diagnose.js';
import { NamespaceObserver } from '../observe/observer.js';
import { Timeline } from '../observe/timeline.js';
import { CheckFailedError, LabContext } from './context.js';
import type { LabDefinition } from './lab.js';
import { cleanLeftovers, deleteNamespace, freshLabNamespace, labNamespace } from './namespaces.js';
import { assertNeeds } from './needs.js';
import { ingressPort, PortPool } from './ports.js';
import { resultSchema, type LabResult, type LabStatus, type RunResult, type RunnerSink } from './results.js';

export interface RunOptions {
  client: KubeClient;
  labs: LabDefinition[];
  /** Labs that do not disturb each other run this many at a time (exclusive labs run alone). */
  concurrency?: number;
  /** Keep a failed lab's namespace for inspection. */
  keepOnFailure?: boolean;
  /** Per-lab deadline; default: three times the lab's expected duration, at least 3 minutes. */
  labTimeoutMs?: number;
  /** Allow chaos on a cluster that is not kind. */
  allowChaos?: boolean;
  signal?: AbortSignal;
  sink?: RunnerSink;
}

const apiPatienceMs = 60_000;

/** Runs labs, each in a fresh namespace cleaned up afterwards (also on Ctrl-C), and reports. */
export async function runLabs(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const sink = options.sink ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const runId = randomBytes(4).toString('hex');
  const chaosAllowed = (await preflight(options.client, sink)) || Boolean(options.allowChaos);
  await cleanLeftovers(options.client, new Set());
  sink({ type: 'run-start', at: started, labs: options.labs.map((l) => l.id), concurrency });

  const ports = new PortPool();
  const results = new Map<string, LabResult>();
  // Labs that share the cluster first, those that need it alone at the end: no idle slots between.
  const queue = [...options.labs.filter((l) => !l.exclusive), ...options.labs.filter((l) => l.exclusive)];
  const running = new Map<string, { exclusive: boolean; done: Promise<void> }>();

  while (queue.length > 0 || running.size > 0) {
    const next = queue[0];
    const canStart =
      next !== undefined &&
      !signal.aborted &&
      running.size < concurrency &&
      ![...running.values()].some((r) => r.exclusive) &&
      (!next.exclusive || running.size === 0);
    if (canStart) {
      queue.shift();
      const done = runOne(next, { ...options, signal, sink, runId, chaosAllowed, ports }).then((r) => {
        results.set(next.id, r);
        running.delete(next.id);
      });
      running.set(next.id, { exclusive: Boolean(next.exclusive), done });
      continue;
    }
    if (running.size === 0) {
      // Interrupted before these could start.
      for (const lab of queue.splice(0)) results.set(lab.id, notRun(lab));
      break;
    }
    await Promise.race([...running.values()].map((r) => r.done));
  }

  const labs = options.labs.map((l) => results.get(l.id) ?? notRun(l));
  const result: RunResult = {
    schema: resultSchema,
    ok: labs.every((l) => l.status === 'passed'),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    context: options.client.context,
    concurrency,
    labs,
  };
  sink({ type: 'run-end', at: Date.now(), result });
  return result;
}

interface OneOptions extends RunOptions {
  signal: AbortSignal;
  sink: RunnerSink;
  runId: string;
  chaosAllowed: boolean;
  ports: PortPool;
}

async function runOne(definition: LabDefinition, o: OneOptions): Promise<LabResult> {
  const started = Date.now();
  const timeline = new Timeline(started);
  const timeoutMs = o.labTimeoutMs ?? Math.max(180_000, 3 * toMs(definition.duration));
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([o.signal, timeout]);
  const nodePort = definition.needs.includes('traffic') ? o.ports.take(definition.id) : 0;
  let namespace = labNamespace(definition.id);
  let observer: NamespaceObserver | undefined;
  let lab: LabContext | undefined;
  let status: LabStatus = 'passed';
  let error: LabResult['error'];
  o.sink({ type: 'lab-start', at: started, lab: definition.id, title: definition.title.en, namespace });
  try {
    await assertNeeds(o.client, definition.id, definition.needs, o.chaosAllowed);
    namespace = await freshLabNamespace(o.client, definition.id, o.runId);
    observer = new NamespaceObserver(o.client, namespace, timeline);
    await observer.startDefaults();
    lab = new LabContext({ definition, client: o.client, namespace, nodePort, ingressPort, observer, timeline, sink: o.sink, signal, chaosAllowed: o.chaosAllowed });
    await definition.run(lab);
  } catch (e) {
    if (o.signal.aborted) status = 'interrupted';
    else if (timeout.aborted) status = 'timeout';
    else status = e instanceof CheckFailedError ? 'failed' : 'error';
    const message = status === 'timeout' ? `the lab did not finish within ${Math.round(timeoutMs / 1000)}s` : status === 'interrupted' ? 'interrupted' : messageOf(e);
    error = { message: lab ? lab.redact(message) : message };
    if (status === 'error' || status === 'timeout') {
      const diagnosis = await diagnoseNamespace(o.client, namespace, { redact: lab?.secrets ?? [] }).catch(() => undefined);
      if (diagnosis) error.diagnosis = diagnosis;
    }
  } finally {
    await lab?.close();
    observer?.stop();
    const keep = status !== 'passed' && status !== 'interrupted' && o.keepOnFailure;
    if (keep) timeline.record({ kind: 'note', at: Date.now(), text: `namespace ${namespace} kept for inspection (--keep)` });
    else await deleteNamespace(o.client, namespace).catch((e: unknown) => timeline.record({ kind: 'note', at: Date.now(), text: `cleanup: ${messageOf(e)}` }));
    o.ports.release(definition.id);
  }
  const result: LabResult = {
    id: definition.id,
    title: definition.title,
    section: definition.section,
    status,
    namespace,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    steps: lab?.steps ?? [],
    measurements: lab?.measurements ?? [],
    ...(error ? { error } : {}),
    watches: { opened: observer?.watchCount ?? 0, resumed: observer?.resumes ?? 0 },
    timeline: timeline.format(lab?.redact),
  };
  o.sink({ type: 'lab-end', at: Date.now(), lab: result });
  return result;
}

/** The cluster answers and its nodes are Ready; returns whether it is a kind cluster. */
async function preflight(client: KubeClient, sink: RunnerSink): Promise<boolean> {
  let nodes;
  try {
    // An API server restarting (Docker just brought the nodes back) is waited for, briefly.
    nodes = await reachApi(client, {
      patienceMs: apiPatienceMs,
      onWait: (reason) => sink({ type: 'run-note', at: Date.now(), text: `${reason}; waiting up to ${apiPatienceMs / 1000} s for it` }),
    });
  } catch (error) {
    const e = toKubeError(error, `reaching the cluster (context ${client.context})`);
    throw new KindlabError('NO_CLUSTER', e.message, { fix: 'start the cluster with `kindlab up`', cause: error });
  }
  const notReady = nodes.filter((n) => !isNodeReady(n)).map((n) => n.metadata?.name);
  if (nodes.length === 0 || notReady.length > 0) {
    throw new KindlabError('CLUSTER_NOT_READY', `the cluster is not Ready (${nodes.length === 0 ? 'no nodes' : `not Ready: ${notReady.join(', ')}`})`, {
      fix: '`kindlab up` (waits for the nodes), then `kindlab doctor`',
    });
  }
  return nodes.every(isKindNode);
}

function notRun(lab: LabDefinition): LabResult {
  return {
    id: lab.id,
    title: lab.title,
    section: lab.section,
    status: 'interrupted',
    namespace: labNamespace(lab.id),
    startedAt: new Date().toISOString(),
    durationMs: 0,
    steps: [],
    measurements: [],
    error: { message: 'not run: the run was interrupted' },
    watches: { opened: 0, resumed: 0 },
    timeline: [],
  };
}
