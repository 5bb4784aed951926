import { KindlabError, messageOf } from '../core/errors.js';
import { fromProject } from '../core/paths.js';
import { silent, step, type ProgressSink } from '../core/progress.js';
import {
  dockerInfo,
  ensureKind,
  ImageBuilder,
  Kind,
  nodeContainers,
  startNodes,
  type DockerInfo,
  type ImageResult,
  type NodeContainer,
} from '../cluster/index.js';
import { connect, kindlabClusterName } from '../kube/client.js';
import { retryTransient } from '../kube/retry.js';
import { addonsFor, podNetworkOf, unneededRoles } from '../observe/addons.js';
import { catalogImagesFor, chooseNodeImage, dockerNodeImageSources, ensureClusterImages, ensureCourseImages, PullPolicy, type ImageMode, type NodeImageChoice } from './images.js';
import { loadKindConfig, type KindClusterConfig } from './kind-config.js';
import { installAddons } from './addons.js';
import { bakeLabImages, loadMissingImages } from './node-images.js';
import { readClusterRecord, staleReason, writeClusterRecord } from './cluster-record.js';
import { assertPortsFree } from './ports.js';
import { planCluster } from './plan.js';
import { catalogFor } from './release.js';
import { checkClusterHealth, waitForClusterReady, type ReadinessScope } from '../observe/cluster-readiness.js';

export interface UpOptions {
  configPath?: string;
  images?: ImageMode;
  /** Delete and create the cluster even when it is healthy. */
  recreate?: boolean;
  sink?: ProgressSink;
  /** Deadline for nodes and system pods to be Ready after create/start. */
  readyTimeoutMs?: number;
  /** The Kubernetes release (see catalogFor); default: the cluster's, else the catalog's. */
  kubernetes?: string;
  /** Images a course names beyond kindlab's own: pulled, or found in Docker, then loaded into the nodes. */
  courseImages?: string[];
  /**
   * Wait until every node, system pod and add-on is Ready (CI, a class about to start). Without it,
   * a created cluster is ready when its control plane is, as with kind's --wait: the workers and
   * add-ons come up in the background, and the runner waits for what a lab needs.
   */
  wait?: boolean;
}

export type ClusterAction = 'reused' | 'started' | 'created' | 'recreated';

export interface UpResult {
  cluster: string;
  action: ClusterAction;
  nodeImage: NodeImageChoice | undefined;
  images: ImageResult[];
  loaded: string[];
  durationMs: number;
  steps: Array<{ step: string; durationMs: number }>;
}

/** What the steps of `kindlab up` share, as kind's actions share their context. */
interface UpContext {
  docker: DockerInfo;
  options: Required<Pick<UpOptions, 'images' | 'readyTimeoutMs'>> & UpOptions;
  sink: ProgressSink;
  config: KindClusterConfig;
  builder: ImageBuilder;
  pulls: PullPolicy;
  kind: Kind;
  nodes: NodeContainer[];
  action: ClusterAction | undefined;
  nodeImage: NodeImageChoice | undefined;
  images: ImageResult[];
  loaded: string[];
  steps: Array<{ step: string; durationMs: number }>;
  /** Image ref -> Docker ID of the images baked into the node image of a cluster created now. */
  baked: Map<string, string>;
  /** A created cluster's readiness, waited for while the images are checked and the add-ons applied. */
  ready: Promise<void> | undefined;
  /** A created cluster's control plane Ready: what the add-ons wait for before they are applied. */
  controlPlane: Promise<void> | undefined;
}

/**
 * Brings the kindlab cluster up: reuses a healthy one, restarts a stopped one (e.g. after Docker
 * restarted), replaces a broken or half-created one, or creates it; then makes sure every image
 * the labs use is loaded into the nodes.
 */
export async function up(options: UpOptions = {}): Promise<UpResult> {
  const started = Date.now();
  const sink = options.sink ?? silent;
  const ctx = {
    options: { images: 'auto', readyTimeoutMs: 240_000, ...options },
    sink,
    steps: [],
    images: [],
    loaded: [],
    ready: undefined,
    controlPlane: undefined,
    baked: new Map(),
    action: undefined,
    nodeImage: undefined,
  } as unknown as UpContext;
  const timed = async <T>(id: string, title: string, work: () => Promise<T>, describe?: (r: T) => string | undefined) => {
    const t = Date.now();
    const result = await step(sink, id, title, work, describe);
    ctx.steps.push({ step: id, durationMs: Date.now() - t });
    return result;
  };

  ctx.docker = await timed('docker', 'Docker is reachable', async () => dockerInfo(), (info) => `engine ${info.serverVersion}, cgroup v${info.cgroupVersion}`);
  ctx.config = loadKindConfig(options.configPath ?? fromProject('kind-config.yaml'), kindlabClusterName);
  ctx.builder = new ImageBuilder({ sink, allowPull: ctx.options.images !== 'offline', catalog: catalogFor(options.kubernetes) });
  ctx.pulls = new PullPolicy(ctx.options.images);
  const binary = await timed('kind', 'kind is available', () => ensureKind(ctx.builder.catalog.kind, log(sink, 'kind')), (k) => `${k.version} (${k.source}: ${k.path})`);
  ctx.kind = new Kind(binary);

  ctx.nodes = await nodeContainers(ctx.config.name);
  await timed('cluster', `cluster ${ctx.config.name}`, () => ensureCluster(ctx), () => ctx.action);
  // The pod network decides which add-ons the cluster needs (NetworkPolicy: only where node-net runs).
  const client = connect();
  const podNetwork = await retryTransient('finding the pod network', () => podNetworkOf(client));
  const skipped = unneededRoles(podNetwork);
  await timed('images', 'lab images are in Docker', async () => {
    const specs = catalogImagesFor(ctx.builder, 'cluster').filter((img) => !skipped.includes(img.role ?? ''));
    // Baking made sure of them all just before.
    const wanted = specs.map((s) => s.ref);
    ctx.images = ctx.images.length ? ctx.images.filter((r) => wanted.includes(r.ref)) : await ensureClusterImages(ctx.builder, specs, ctx.pulls, log(sink, 'images'));
    ctx.images.push(...(await ensureCourseImages(options.courseImages ?? [], ctx.pulls, log(sink, 'images'))));
  }, () => summarizeOutcomes(ctx.images));
  const addonOptions = { catalog: ctx.builder.catalog, cluster: ctx.config.name, builds: new Map(ctx.images.map((r) => [r.ref, r.fingerprint])), ...(options.wait ? { waitMs: ctx.options.readyTimeoutMs } : {}) };
  const addonTitle = options.wait ? 'add-ons are installed and Ready' : 'add-ons are applied (they come up in the background)';
  // Independent: the images the nodes lack, and the add-ons (they only name images).
  await Promise.all([
    timed('load', 'lab images are loaded into the nodes', async () => { ctx.loaded = await loadMissingImages(ctx.kind, ctx.config.name, ctx.images, ctx.baked, log(sink, 'load')); }, () => (ctx.loaded.length ? `loaded ${ctx.loaded.length}` : ctx.baked.size ? 'baked into the node image' : 'all present')),
    // Their pods would compete with the control plane's own (the pod network, kube-proxy) while its node gets Ready.
    timed('addons', `${addonTitle}: Ingress controller, metrics-server, NetworkPolicy where the pod network lacks it`, async () => {
      await ctx.controlPlane;
      return installAddons(client, addonsFor(podNetwork), addonOptions);
    }, (names) => names.join(', ')),
  ]);
  if (ctx.ready) await timed('ready', options.wait ? 'every node and system pod is Ready' : 'the control plane is Ready', () => ctx.ready!);

  return {
    cluster: ctx.config.name,
    action: ctx.action!,
    nodeImage: ctx.nodeImage,
    images: ctx.images,
    loaded: ctx.loaded,
    durationMs: Date.now() - started,
    steps: ctx.steps,
  };
}

async function ensureCluster(ctx: UpContext): Promise<void> {
  const expected = ctx.config.nodes.length;
  const exists = ctx.nodes.length > 0;
  const plan = planCluster({ expected, nodes: ctx.nodes, stale: exists ? await staleness(ctx) : undefined, recreate: Boolean(ctx.options.recreate) });
  if (plan.action === 'reuse' || plan.action === 'start') {
    if (plan.action === 'start') {
      info(ctx, `starting ${plan.reason}`);
      await startNodes(ctx.nodes);
      ctx.nodes = await nodeContainers(ctx.config.name);
    }
    await ctx.kind.exportKubeconfig(ctx.config.name);
    const health = plan.action === 'reuse' ? await checkClusterHealth(expected, bootTimes(ctx.nodes)) : 'its nodes were just started';
    if (health !== true) info(ctx, `the cluster is not healthy yet (${health}); waiting for it`);
    if (health === true || (await readyOrFalse(ctx, expected))) {
      ctx.action = plan.action === 'reuse' ? 'reused' : 'started';
      return;
    }
    info(ctx, 'deleting the broken cluster to create it again');
  } else if (plan.action === 'recreate') info(ctx, `${plan.reason}: creating the cluster again`);
  if (exists) await ctx.kind.delete(ctx.config.name);
  await assertPortsFree(ctx.config.hostPorts, ctx.config.path);
  const host = { cgroupVersion: ctx.docker.cgroupVersion, kubernetes: ctx.builder.catalog.kubernetes };
  ctx.nodeImage = await chooseNodeImage(ctx.builder.catalog.node, ctx.options.images, host, dockerNodeImageSources(ctx.builder, ctx.pulls, log(ctx.sink, 'cluster')), log(ctx.sink, 'cluster'));
  if (ctx.nodeImage.source === 'offline') {
    const baking = await bakeLabImages(ctx.builder, ctx.pulls, ctx.nodeImage.ref, log(ctx.sink, 'cluster'));
    ctx.images = baking.images;
    ctx.baked = baking.baked;
  }
  info(ctx, `creating the cluster from ${ctx.nodeImage.ref} (${ctx.nodeImage.source})`);
  try {
    await ctx.kind.create({ name: ctx.config.name, configPath: ctx.config.path, image: ctx.nodeImage.ref, onLine: log(ctx.sink, 'cluster') });
  } catch (error) {
    throw new KindlabError('CLUSTER_CREATE_FAILED', `kind could not create the cluster: ${messageOf(error)}`, {
      fix: 'run `kindlab up` again (kind removed the half-created nodes); if it fails the same way, run `kindlab doctor`',
      cause: error,
    });
  }
  const readiness = (scope: ReadinessScope, timeoutMs: number) => waitForClusterReady(expected, timeoutMs, new Map(), log(ctx.sink, 'ready'), scope);
  const deadline = Date.now() + ctx.options.readyTimeoutMs;
  ctx.controlPlane = readiness('control-plane', ctx.options.readyTimeoutMs);
  ctx.ready = ctx.options.wait ? ctx.controlPlane.then(() => readiness('all', Math.max(1, deadline - Date.now()))) : ctx.controlPlane;
  ctx.ready.catch(() => undefined); // awaited at the end of `up`; until then a failure must not go unhandled
  writeClusterRecord(ctx.config.name, {
    configSha256: ctx.config.sha256,
    kubernetes: ctx.builder.catalog.kubernetes,
    nodeImage: ctx.nodeImage.ref,
    nodeFingerprint: ctx.nodeImage.source === 'offline' ? await ctx.builder.nodeFingerprint() : '',
    createdAt: new Date().toISOString(),
  });
  ctx.action = exists ? 'recreated' : 'created';
}

/** Why the existing cluster no longer matches the checkout, if it does not. */
async function staleness(ctx: UpContext): Promise<string | undefined> {
  const record = readClusterRecord(ctx.config.name);
  const nodeFingerprint = record?.nodeFingerprint && ctx.options.images !== 'online' ? await ctx.builder.nodeFingerprint().catch(() => undefined) : undefined;
  return staleReason(record, { configSha256: ctx.config.sha256, kubernetes: ctx.builder.catalog.kubernetes, nodeFingerprint });
}

async function readyOrFalse(ctx: UpContext, expected: number): Promise<boolean> {
  try {
    await waitForClusterReady(expected, ctx.options.readyTimeoutMs, bootTimes(ctx.nodes), log(ctx.sink, 'cluster'));
    return true;
  } catch (error) {
    info(ctx, `the cluster did not become ready: ${messageOf(error)}`);
    return false;
  }
}

/** Node name -> when its container booted (kind names each node after its container). */
function bootTimes(nodes: NodeContainer[]): Map<string, number> {
  return new Map(nodes.filter((n) => n.running && n.startedAt > 0).map((n) => [n.name, n.startedAt]));
}

function summarizeOutcomes(results: ImageResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${v} ${k}`).join(', ');
}

function info(ctx: UpContext, message: string): void {
  ctx.sink({ kind: 'info', message, at: Date.now() });
}

function log(sink: ProgressSink, stepId: string): (line: string) => void {
  return (line) => {
    if (line.trim()) sink({ kind: 'info', step: stepId, message: line, at: Date.now() });
  };
}
