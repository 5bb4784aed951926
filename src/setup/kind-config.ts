import { readFileSync } from 'node:fs';
import { KindlabError } from '../core/errors.js';
import { parseYaml } from '../core/yaml.js';
import { configDigest } from './cluster-record.js';

export interface HostPort {
  address: string;
  port: number;
  containerPort: number;
}

export interface KindClusterConfig {
  path: string;
  name: string;
  nodes: Array<{ role: 'control-plane' | 'worker' }>;
  hostPorts: HostPort[];
  apiServerPort: number | undefined;
  /** sha256 of the file's text: a change means the cluster must be created again. */
  sha256: string;
}

const invalid = (path: string, problem: string, line?: number) =>
  new KindlabError('KIND_CONFIG_INVALID', `${path}${line ? `:${line}` : ''}: ${problem}`, { fix: `fix ${path} (kind's format: https://kind.sigs.k8s.io/docs/user/configuration/)` });

/** Reads kind-config.yaml and checks what kindlab relies on; kind validates the rest at creation. */
export function loadKindConfig(path: string, expectedName: string): KindClusterConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new KindlabError('KIND_CONFIG_MISSING', `cannot read ${path}`, { fix: 'run kindlab from its project folder, or pass --config <file>' });
  }
  return parseKindConfig(text, path, expectedName);
}

export function parseKindConfig(text: string, path: string, expectedName: string): KindClusterConfig {
  const raw = parseYaml(text, path, { code: 'KIND_CONFIG_INVALID', fix: `fix ${path} (kind's format: https://kind.sigs.k8s.io/docs/user/configuration/)` });
  if (typeof raw !== 'object' || raw === null) throw invalid(path, 'must be a kind Cluster configuration (a mapping)');
  const config = raw as Record<string, unknown>;
  if (config.kind !== 'Cluster') throw invalid(path, `kind must be "Cluster", got ${JSON.stringify(config.kind)}`);
  if (typeof config.apiVersion !== 'string' || !config.apiVersion.startsWith('kind.x-k8s.io/')) {
    throw invalid(path, `apiVersion must be kind.x-k8s.io/v1alpha4, got ${JSON.stringify(config.apiVersion)}`);
  }
  const name = config.name ?? 'kind';
  if (name !== expectedName) throw invalid(path, `name must be "${expectedName}" (kindlab uses context kind-${expectedName}), got ${JSON.stringify(name)}`);
  const nodesRaw = config.nodes ?? [{ role: 'control-plane' }];
  if (!Array.isArray(nodesRaw) || nodesRaw.length === 0) throw invalid(path, 'nodes must be a non-empty list');
  const hostPorts: HostPort[] = [];
  const nodes = nodesRaw.map((n: unknown, i: number) => {
    const node = (n ?? {}) as Record<string, unknown>;
    const role = node.role ?? 'control-plane';
    if (role !== 'control-plane' && role !== 'worker') throw invalid(path, `nodes[${i}].role must be control-plane or worker, got ${JSON.stringify(role)}`);
    const mappings = node.extraPortMappings ?? [];
    if (!Array.isArray(mappings)) throw invalid(path, `nodes[${i}].extraPortMappings must be a list`);
    mappings.forEach((m: unknown, j: number) => {
      const mapping = (m ?? {}) as Record<string, unknown>;
      const port = mapping.hostPort;
      const containerPort = mapping.containerPort;
      if (!Number.isInteger(containerPort)) throw invalid(path, `nodes[${i}].extraPortMappings[${j}].containerPort must be a number`);
      if (port === undefined || port === 0) return; // kind picks a random free port
      if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
        throw invalid(path, `nodes[${i}].extraPortMappings[${j}].hostPort must be a port number, got ${JSON.stringify(port)}`);
      }
      hostPorts.push({ address: typeof mapping.listenAddress === 'string' ? mapping.listenAddress : '0.0.0.0', port: port as number, containerPort: containerPort as number });
    });
    return { role: role as 'control-plane' | 'worker' };
  });
  if (!nodes.some((n) => n.role === 'control-plane')) throw invalid(path, 'needs at least one control-plane node');
  const seen = new Set<number>();
  for (const hp of hostPorts) {
    if (seen.has(hp.port)) throw invalid(path, `host port ${hp.port} is mapped twice`);
    seen.add(hp.port);
  }
  const networking = (config.networking ?? {}) as Record<string, unknown>;
  const apiServerPort = typeof networking.apiServerPort === 'number' && networking.apiServerPort > 0 ? networking.apiServerPort : undefined;
  return { path, name: name as string, nodes, hostPorts, apiServerPort, sha256: configDigest(text) };
}
