import { setMaxListeners } from 'node:events';
import { loadCatalog } from '../cluster/index.js';
import { labImages, workloadImages } from './images.js';
import { toMs } from '../core/duration.js';
import { KindlabError } from '../core/errors.js';
import { isKindNode, type KubeClient } from '../kube/client.js';
import { isForbidden, toKubeError } from '../kube/errors.js';
import { reachApi, reachApiVersion } from '../kube/reach.js';
import { isNodeReady } from '../kube/status.js';
import { WaitTimeoutError } from '../core/wait.js';
import { waitForClusterReady } from '../observe/cluster-readiness.js';
import { ClusterLock } from './cluster-lock.js';
import { ensureSystemNamespace, newRunIdentity, RunLeases } from './coordination.js';
import type { LabDefinition } from './lab.js';
import { runLab } from './lab-run.js';
import { cleanLeftovers, labNamespace } from './namespaces.js';
import { ClusterFacts } from './needs.js';
import { NodePortClaims } from './ports.js';
import { resultSchema, type LabResult, type RunResult, type RunnerSink } from './results.js';
import { schedule } from './scheduler.js';

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
  /** Run the (single) lab in this existing namespace, which is neither created nor deleted. */
  namespace?: string;
  /** The identity's rights stop at that namespace (a student of a class): no cluster-wide step. */
  confined?: boolean;
  /** Where kindlab's own pods (the traffic sampler) run, when not in the lab's namespace: out of the graded student's reach. */
  helperNamespace?: string;
}

const apiPatienceMs = 60_000;
/** How long a run waits for the nodes and CoreDNS of a cluster still coming up. */
const clusterPatienceMs = 180_000;

/**
 * Runs labs, each in a namespace of its own run, cleaned up afterwards (also on Ctrl-C), and
 * reports. Other runs on the same cluster are left alone: only namespaces whose run stopped its
 * heartbeat are removed, NodePorts are claimed cluster-wide, and labs that disturb the whole
 * cluster wait for the others (and they for them).
 */
export async function runLabs(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  const sink = options.sink ?? (() => {});
  const signal = options.signal ?? new AbortController().signal;
  setMaxListeners(100, signal);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const labs = uniqueLabs(options.labs, (text) => sink({ type: 'run-note', at: Date.now(), text }));
  if (options.namespace && labs.length !== 1) throw new KindlabError('BAD_OPTION', 'one lab at a time runs in a given namespace');
  const identity = newRunIdentity();
  const note = (text: string) => sink({ type: 'run-note', at: Date.now(), text });
  const confined = Boolean(options.confined && options.namespace);
  const chaosAllowed = (confined ? await confinedPreflight(options.client, options.namespace!, signal, note) : await preflight(options.client, signal, note)) || Boolean(options.allowChaos);
  if (!confined) {
    await ensureSystemNamespace(options.client);
    for (const leftover of await cleanLeftovers(options.client)) note(`removed leftover namespace ${leftover.namespace}: ${leftover.reason}`);
  }
  const leases = new RunLeases(options.client, identity, (what) => note(`lost the lease ${what} (another run took it over: was this run frozen?)`));
  const env = {
    client: options.client,
    identity,
    sink,
    signal,
    lock: new ClusterLock(leases),
    ports: new NodePortClaims(leases),
    facts: new ClusterFacts(options.client, chaosAllowed, confined ? options.namespace : undefined, workloadImages(loadCatalog())),
    keepOnFailure: Boolean(options.keepOnFailure),
    images: labImages(loadCatalog()),
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.helperNamespace ? { helperNamespace: options.helperNamespace } : {}),
    ...(options.labTimeoutMs ? { labTimeoutMs: options.labTimeoutMs } : {}),
  };
  sink({ type: 'run-start', at: started, labs: labs.map((l) => l.id), concurrency });
  let results: Array<LabResult | undefined>;
  const cleanups: Array<Promise<void>> = [];
  try {
    const items = labs.map((lab) => ({ lab, exclusive: Boolean(lab.exclusive), expectedMs: toMs(lab.duration) }));
    results = await schedule(items, { concurrency, signal }, async ({ lab }) => {
      const run = await runLab(lab, env);
      cleanups.push(run.cleanup);
      return run.result;
    });
  } finally {
    // No namespace of this run is left when it ends (nor its leases, which cover them meanwhile);
    // on Ctrl-C every deletion is asked for already, and the run does not wait for them.
    await cleanupsOrInterrupt(Promise.all(cleanups), signal);
    leases.stop();
  }
  const result: RunResult = {
    schema: resultSchema,
    ok: results.every((r) => r?.status === 'passed'),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    context: options.client.context,
    runId: identity.runId,
    concurrency,
    labs: labs.map((l, i) => results[i] ?? notRun(l, identity.runId)),
  };
  sink({ type: 'run-end', at: Date.now(), result });
  return result;
}

/** Resolves when the cleanups are done, or 1 s after an interrupt (a Ctrl-C is honoured at once). */
function cleanupsOrInterrupt(cleanups: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  let onAbort = () => {};
  const interrupted = new Promise<void>((resolve) => {
    onAbort = () => setTimeout(resolve, 1000).unref();
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([cleanups, interrupted]).finally(() => signal.removeEventListener('abort', onAbort));
}

/** The same lab named twice would run twice at once on the same objects: it runs once. */
export function uniqueLabs(labs: LabDefinition[], note: (text: string) => void): LabDefinition[] {
  const seen = new Set<string>();
  const unique = labs.filter((l) => !seen.has(l.id) && seen.add(l.id));
  const twice = [...new Set(labs.filter((l, i) => labs.findIndex((x) => x.id === l.id) !== i).map((l) => l.id))];
  if (twice.length) note(`${twice.join(', ')} named more than once: each lab runs once`);
  return unique;
}

/** The cluster answers and its nodes are Ready; returns whether it is a kind cluster. */
async function preflight(client: KubeClient, signal: AbortSignal, note: (text: string) => void): Promise<boolean> {
  let nodes;
  try {
    // An API server restarting (Docker just brought the nodes back) is waited for, briefly.
    nodes = await reachApi(client, { patienceMs: apiPatienceMs, signal, onWait: (reason) => note(`${reason}; waiting up to ${apiPatienceMs / 1000} s for it`) });
  } catch (error) {
    if (signal.aborted) throw error;
    const e = toKubeError(error, `reaching the cluster (context ${client.context})`);
    throw new KindlabError('NO_CLUSTER', e.message, { fix: 'start the cluster with `kindlab up`', cause: error });
  }
  const notReady = nodes.filter((n) => !isNodeReady(n)).map((n) => n.metadata?.name);
  if (notReady.length > 0) note(`not Ready yet: ${notReady.join(', ')} (a cluster just created); waiting up to ${clusterPatienceMs / 1000} s for every node and CoreDNS`);
  // `kindlab up` returns once the control plane is Ready, as kind does: the rest is waited for here, on watches.
  try {
    await waitForClusterReady(0, clusterPatienceMs, new Map(), undefined, 'labs', client);
  } catch (error) {
    if (isForbidden(error)) return nodes.every(isKindNode); // an identity that may not read kube-system: taken as given
    if (!(error instanceof WaitTimeoutError)) throw error;
    throw new KindlabError('CLUSTER_NOT_READY', `the cluster is not Ready: ${error.message}`, { fix: '`kindlab up --wait`, then `kindlab doctor`' });
  }
  if (notReady.length > 0 || nodes.length === 0) nodes = (await client.core.listNode()).items;
  return nodes.every(isKindNode);
}

/**
 * For an identity confined to its namespace: the API server answers (GET /version), and the class
 * says whether the cluster is a kind cluster (chaos on the student's own pods is allowed there).
 */
async function confinedPreflight(client: KubeClient, namespace: string, signal: AbortSignal, note: (text: string) => void): Promise<boolean> {
  await reachApiVersion(client, { patienceMs: apiPatienceMs, signal, onWait: (reason) => note(`${reason}; waiting up to ${apiPatienceMs / 1000} s for it`) }).catch((error: unknown) => {
    if (signal.aborted) throw error;
    throw new KindlabError('NO_CLUSTER', toKubeError(error, `reaching the cluster (context ${client.context})`).message, { fix: 'check your kubeconfig (your instructor gives it), and that the class is still on', cause: error });
  });
  const info = await client.core.readNamespacedConfigMap({ name: 'kindlab-class', namespace }).catch(() => undefined);
  return info?.data?.kind === 'true';
}

function notRun(lab: LabDefinition, runId: string): LabResult {
  return {
    id: lab.id,
    title: lab.title,
    section: lab.section,
    status: 'interrupted',
    namespace: labNamespace(lab.id, runId),
    startedAt: new Date().toISOString(),
    durationMs: 0,
    steps: [],
    measurements: [],
    error: { message: 'not run: the run was interrupted' },
    watches: { opened: 0, resumed: 0 },
    timeline: [],
  };
}
