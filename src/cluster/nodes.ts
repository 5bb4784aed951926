import type { Cmder } from '../core/exec.js';
import { containersWithLabel, docker, inspectImage } from './docker.js';

/** A kind node: the Docker container that plays one machine of the cluster. */
export interface NodeContainer {
  name: string;
  role: string;
  running: boolean;
  status: string;
  /** When the container (the "machine") last booted, ms since epoch. */
  startedAt: number;
}

export async function nodeContainers(cluster: string, cmd?: Cmder): Promise<NodeContainer[]> {
  const containers = await containersWithLabel(`io.x-k8s.kind.cluster=${cluster}`, cmd);
  return containers
    .map((c) => ({ name: c.name, role: c.labels['io.x-k8s.kind.role'] ?? 'unknown', running: c.running, status: c.status, startedAt: c.startedAt }))
    .sort((a, b) => roleOrder(a.role) - roleOrder(b.role) || a.name.localeCompare(b.name));
}

function roleOrder(role: string): number {
  return role === 'external-load-balancer' ? 0 : role === 'control-plane' ? 1 : 2;
}

/** Starts stopped nodes, control plane first (workers join through it). */
export async function startNodes(nodes: NodeContainer[]): Promise<string[]> {
  const started: string[] = [];
  for (const node of nodes) {
    if (node.running) continue;
    await docker(['start', node.name], { timeoutMs: 60_000 });
    started.push(node.name);
  }
  return started;
}

/** Starts one node container (kind names a node's container after the node). */
export async function startNode(name: string): Promise<void> {
  await docker(['start', name], { timeoutMs: 60_000 });
}

export async function stopNode(name: string): Promise<void> {
  await docker(['stop', '--time', '5', name], { timeoutMs: 60_000 });
}

/** Images in a node's containerd, as reference -> image ID (the config digest Docker calls Id). */
export async function imagesInNode(node: string): Promise<Map<string, string>> {
  const out = await docker(['exec', node, 'crictl', 'images', '--output', 'json'], { timeoutMs: 30_000 });
  const images = (JSON.parse(out) as { images?: Array<{ id: string; repoTags?: string[] }> }).images ?? [];
  return new Map(images.flatMap((i) => (i.repoTags ?? []).map((tag) => [tag, i.id] as [string, string])));
}

/** docker.io/library/busybox:1.35.0 for busybox:1.35.0, as containerd names it. */
export function normalizeRef(ref: string): string {
  const withoutDigest = ref.split('@')[0]!;
  const firstSlash = withoutDigest.indexOf('/');
  const first = firstSlash === -1 ? '' : withoutDigest.slice(0, firstSlash);
  const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  let name = hasRegistry ? withoutDigest : `docker.io/${withoutDigest}`;
  if (!hasRegistry && firstSlash === -1) name = `docker.io/library/${withoutDigest}`;
  return name.includes(':', name.lastIndexOf('/')) ? name : `${name}:latest`;
}

/**
 * The kind cluster whose node publishes this port of the host (kind's port mappings and its API
 * server port are Docker published ports), or undefined when no kind node does.
 */
export async function kindClusterOnHostPort(port: number): Promise<string | undefined> {
  const out = await docker(['ps', '--filter', `publish=${port}`, '--format', '{{.Label "io.x-k8s.kind.cluster"}}'], { allowFailure: true, timeoutMs: 20_000 }).catch(() => '');
  return out.split('\n').map((s) => s.trim()).find(Boolean);
}

export interface NodeImageGaps {
  /** Not in the node at all. */
  missing: Array<{ ref: string; node: string }>;
  /** In the node, but another build than Docker's (same tag, other ID). */
  stale: Array<{ ref: string; node: string }>;
}

/** Which of these images a node lacks or holds in another build than the local Docker's. */
export async function imageGaps(nodes: readonly string[], refs: readonly string[]): Promise<NodeImageGaps> {
  const local = new Map(await Promise.all(refs.map(async (ref) => [ref, (await inspectImage(ref))?.id] as const)));
  const inNodes = await Promise.all(nodes.map(async (node) => [node, await imagesInNode(node)] as const));
  const gaps: NodeImageGaps = { missing: [], stale: [] };
  for (const [node, present] of inNodes) {
    for (const [ref, id] of local) {
      const inNode = present.get(normalizeRef(ref));
      if (!inNode) gaps.missing.push({ ref, node });
      else if (id && inNode !== id) gaps.stale.push({ ref, node });
    }
  }
  return gaps;
}
