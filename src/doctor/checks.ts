import { statfsSync } from 'node:fs';
import type { V1Node, V1Pod, V1StorageClass } from '@kubernetes/client-node';
import { messageOf } from '../core/errors.js';
import { cacheDir } from '../core/paths.js';
import {
  dockerInfo,
  findKind,
  imagesInNode,
  inspectImage,
  loadCatalog,
  nodeContainers,
  normalizeRef,
  untranslatedFlowsOnNode,
  type Catalog,
  type NodeContainer,
} from '../cluster/index.js';
import { connect, isNodeReady, kindlabClusterName, kindlabContext, type KubeClient } from '../kube/client.js';
import { toKubeError } from '../kube/errors.js';
import { reachApi } from '../kube/reach.js';
import { sendJson } from '../kube/raw.js';
import { addons } from '../setup/addons.js';
import { nodesReady, systemPodsReady } from '../setup/readiness.js';

export interface CheckResult {
  id: string;
  title: string;
  status: 'ok' | 'fail' | 'skip';
  detail: string;
  /** The command (or action) that fixes a failure. */
  fix?: string;
}

/** What the checks learn as they go, so later checks build on earlier ones. */
interface DoctorState {
  catalog: Catalog;
  docker: boolean;
  nodes: NodeContainer[];
  client: KubeClient | undefined;
}

interface Check {
  id: string;
  title: string;
  needs: Array<'docker' | 'nodes' | 'api'>;
  run(state: DoctorState): Promise<Omit<CheckResult, 'id' | 'title'>>;
}

const ok = (detail: string) => ({ status: 'ok' as const, detail });
const fail = (detail: string, fix: string) => ({ status: 'fail' as const, detail, fix });
const minFreeBytes = 10 * 1024 ** 3;

const checks: Check[] = [
  {
    id: 'docker',
    title: 'Docker is reachable',
    needs: [],
    async run(state) {
      try {
        const info = await dockerInfo();
        state.docker = true;
        return ok(`engine ${info.serverVersion}, storage ${info.storageDriver}, cgroup v${info.cgroupVersion}`);
      } catch (error) {
        return fail(messageOf(error), 'start Docker: `sudo systemctl start docker` (kindlab build machines: `bash ../shared/env/docker-engine.sh`)');
      }
    },
  },
  {
    id: 'kind',
    title: 'kind is installed',
    needs: [],
    async run(state) {
      const kind = await findKind(state.catalog.kind).catch(() => undefined);
      if (!kind) return fail('kind is neither on PATH nor in the kindlab cache', '`kindlab up` builds it with Go, or install kind: https://kind.sigs.k8s.io/docs/user/quick-start/#installation');
      return ok(`${kind.version} (${kind.path})`);
    },
  },
  {
    id: 'node-image',
    title: 'a node image is present',
    needs: ['docker'],
    async run(state) {
      const node = state.catalog.node;
      if (await inspectImage(node.upstream)) return ok(`${node.upstream.split('@')[0]} (kind's published image)`);
      if (await inspectImage(node.offline)) return ok(`${node.offline} (built offline)`);
      return fail(`neither ${node.upstream.split('@')[0]} nor ${node.offline} is in Docker`, '`kindlab up` (pulls it, or builds it offline: `kindlab images build`)');
    },
  },
  {
    id: 'cluster',
    title: `cluster ${kindlabClusterName} exists and its nodes run`,
    needs: ['docker'],
    async run(state) {
      state.nodes = await nodeContainers(kindlabClusterName);
      if (state.nodes.length === 0) return fail('no kindlab node containers', '`kindlab up`');
      const stopped = state.nodes.filter((n) => !n.running);
      if (stopped.length) return fail(`stopped: ${stopped.map((n) => `${n.name} (${n.status})`).join(', ')}`, '`kindlab up` (starts them again)');
      return ok(state.nodes.map((n) => `${n.name} (${n.role})`).join(', '));
    },
  },
  {
    id: 'context',
    title: `kubeconfig context ${kindlabContext} answers`,
    needs: ['nodes'],
    async run(state) {
      try {
        const client = connect();
        // Rides out an API server that is still restarting (Docker just brought the nodes back).
        await reachApi(client, { patienceMs: 30_000 });
        state.client = client;
        return ok(`API server ${client.server}`);
      } catch (error) {
        return fail(messageOf(toKubeError(error, 'reaching the API server')), `\`kind export kubeconfig --name ${kindlabClusterName}\`, or \`kindlab up\``);
      }
    },
  },
  {
    id: 'nodes-ready',
    title: 'every node is Ready at the pinned version',
    needs: ['api'],
    async run(state) {
      const nodes: V1Node[] = (await state.client!.core.listNode()).items;
      const notReady = nodes.filter((n) => !isNodeReady(n)).map((n) => n.metadata?.name);
      const versions = [...new Set(nodes.map((n) => n.status?.nodeInfo?.kubeletVersion))];
      const detail = `${nodes.length} nodes, kubelet ${versions.join(', ')}`;
      if (notReady.length) return fail(`${detail}; not Ready: ${notReady.join(', ')}`, '`kindlab up` (waits for them), or `kindlab up --recreate`');
      if (versions.length !== 1 || versions[0] !== state.catalog.kubernetes) {
        return fail(`${detail}; expected ${state.catalog.kubernetes}`, '`kindlab up --recreate` (creates the cluster at the pinned version)');
      }
      // After a Docker restart, "Ready" may still be the status of the previous boot.
      const fresh = nodesReady(nodes.length, bootTimes(state))(byName(nodes), undefined);
      if (fresh !== true) return fail(`${detail}; ${fresh}`, '`kindlab up` (waits until every kubelet has reported since the restart)');
      return ok(detail);
    },
  },
  {
    id: 'system-pods',
    title: 'CoreDNS and every kube-system pod are Ready',
    needs: ['api'],
    async run(state) {
      const pods: V1Pod[] = (await state.client!.core.listNamespacedPod({ namespace: 'kube-system' })).items;
      const ready = (p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
      const dns = pods.filter((p) => p.metadata?.labels?.['k8s-app'] === 'kube-dns');
      const notReady = pods.filter((p) => p.status?.phase !== 'Succeeded' && !ready(p)).map((p) => p.metadata?.name);
      if (dns.length === 0 || !dns.every(ready)) return fail(`CoreDNS: ${dns.filter(ready).length}/${dns.length} Ready`, '`kindlab up --recreate`');
      if (notReady.length) return fail(`not Ready: ${notReady.join(', ')}`, '`kindlab up` (waits), then `kubectl -n kube-system describe pod <name>`');
      const fresh = systemPodsReady(bootTimes(state))(byName(pods), undefined);
      if (fresh !== true) return fail(fresh, '`kindlab up` (waits until the system pods have restarted with their node)');
      return ok(`${pods.length} pods Ready, CoreDNS ${dns.length}/${dns.length}`);
    },
  },
  {
    id: 'storage',
    title: 'a default StorageClass exists',
    needs: ['api'],
    async run(state) {
      const { StorageV1Api } = await import('@kubernetes/client-node');
      const classes: V1StorageClass[] = (await state.client!.config.makeApiClient(StorageV1Api).listStorageClass()).items;
      const isDefault = (c: V1StorageClass) => c.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
      const found = classes.find(isDefault);
      if (!found) return fail(`no default among: ${classes.map((c) => c.metadata?.name).join(', ') || 'none'}`, '`kindlab up --recreate`');
      return ok(`${found.metadata?.name} (${found.provisioner})`);
    },
  },
  {
    id: 'addons',
    title: 'the add-ons answer (Ingress controller, metrics-server)',
    needs: ['api'],
    async run(state) {
      const problems: string[] = [];
      for (const addon of addons) {
        const d = await state.client!.apps.readNamespacedDeployment({ name: addon.deployment, namespace: addon.namespace }).catch(() => undefined);
        const available = d?.status?.availableReplicas ?? 0;
        if (!d) problems.push(`${addon.name}: not installed`);
        else if (available < 1) problems.push(`${addon.name}: 0 available replicas`);
      }
      const metrics = await sendJson(state.client!, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes').catch((e: Error) => ({ status: 0, body: e.message }));
      if (metrics.status !== 200) problems.push(`metrics API: HTTP ${metrics.status || metrics.body}`);
      if (problems.length) return fail(problems.join('; '), '`kindlab up` (installs and waits for them)');
      return ok(`${addons.map((a) => a.name).join(', ')} available; metrics API answers`);
    },
  },
  {
    id: 'images-loaded',
    title: 'the catalog images are loaded in every node',
    needs: ['nodes'],
    async run(state) {
      const wanted = state.catalog.images.filter((i) => i.scope === 'cluster').map((i) => i.ref);
      const missing: string[] = [];
      const stale: string[] = [];
      for (const node of state.nodes) {
        const present = await imagesInNode(node.name);
        for (const ref of wanted) {
          const inNode = present.get(normalizeRef(ref));
          const local = (await inspectImage(ref))?.id;
          if (!inNode) missing.push(`${ref} on ${node.name}`);
          else if (local && inNode !== local) stale.push(`${ref} on ${node.name}`);
        }
      }
      if (missing.length || stale.length) {
        const detail = [missing.length ? `missing: ${missing.join(', ')}` : '', stale.length ? `older build: ${stale.join(', ')}` : ''].filter(Boolean).join('; ');
        return fail(detail, '`kindlab up` (loads them)');
      }
      return ok(`${wanted.length} images on ${state.nodes.length} nodes`);
    },
  },
  {
    id: 'network',
    title: 'service traffic stays inside the cluster',
    needs: ['nodes'],
    async run(state) {
      const leaks: string[] = [];
      for (const node of state.nodes) leaks.push(...(await untranslatedFlowsOnNode(node.name)).map((l) => `${node.name}: ${l.trim().slice(0, 120)}`));
      if (leaks.length) return fail(`${leaks.length} flow(s) to a service address left untranslated (they would leave the cluster): ${leaks[0]}`, '`kindlab up --recreate` (the offline node image guards against this)');
      return ok('no untranslated flow to a service address on any node');
    },
  },
  {
    id: 'disk',
    title: 'free disk for images and caches',
    needs: [],
    async run() {
      const places = ['/var/lib/docker', cacheDir()].map((path) => ({ path, free: freeBytes(path) }));
      const known = places.filter((p) => p.free !== undefined) as Array<{ path: string; free: number }>;
      const low = known.filter((p) => p.free < minFreeBytes);
      const detail = known.map((p) => `${(p.free / 1024 ** 3).toFixed(1)} GiB free at ${p.path}`).join(', ') || 'unknown';
      if (low.length) return fail(detail, '`docker system prune` (or free disk space); kindlab needs about 10 GiB');
      return ok(detail);
    },
  },
];

function freeBytes(path: string): number | undefined {
  for (let p = path; p.length > 0; p = p.slice(0, Math.max(p.lastIndexOf('/'), 0))) {
    try {
      const s = statfsSync(p || '/');
      return s.bavail * s.bsize;
    } catch {
      if (p === '/') break;
    }
  }
  return undefined;
}

/** Runs every check in order; a check whose prerequisite failed is skipped, not failed twice. */
/** Node name -> when its container booted, for the running kind nodes. */
function bootTimes(state: DoctorState): Map<string, number> {
  return new Map(state.nodes.filter((n) => n.running && n.startedAt > 0).map((n) => [n.name, n.startedAt]));
}

function byName<T extends { metadata?: { name?: string } }>(objects: T[]): Map<string, T> {
  return new Map(objects.map((o) => [o.metadata?.name ?? '', o]));
}

export async function runDoctor(): Promise<CheckResult[]> {
  const state: DoctorState = { catalog: loadCatalog(), docker: false, nodes: [], client: undefined };
  const results: CheckResult[] = [];
  for (const check of checks) {
    const missing = check.needs.find((n) => (n === 'docker' ? !state.docker : n === 'nodes' ? !state.nodes.length || state.nodes.some((x) => !x.running) : !state.client));
    if (missing) {
      results.push({ id: check.id, title: check.title, status: 'skip', detail: `skipped: needs ${missing === 'api' ? 'the API server' : missing === 'nodes' ? 'running nodes' : 'Docker'}` });
      continue;
    }
    try {
      results.push({ id: check.id, title: check.title, ...(await check.run(state)) });
    } catch (error) {
      results.push({ id: check.id, title: check.title, status: 'fail', detail: messageOf(error), fix: '`kindlab up`, then `kindlab doctor` again' });
    }
  }
  return results;
}
