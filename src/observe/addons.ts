import type { KubeClient } from '../kube/client.js';
import { isNotFound, toKubeError } from '../kube/errors.js';
import { sendJson } from '../kube/raw.js';
import { daemonSetRolloutProgress } from './conditions.js';

export interface Addon {
  name: string;
  file: string;
  namespace: string;
  /** The workload whose availability says the add-on serves. */
  workload: { kind: 'deployments' | 'daemonsets'; name: string };
  /** Its image's role in the catalog. */
  role: 'ingress' | 'metrics' | 'network-policy';
  /** The lab need it meets, if labs ask for it. */
  need?: 'ingress' | 'metrics';
  /** Installed only on clusters whose pod network is this kube-system DaemonSet. */
  onlyWithPodNetwork?: PodNetwork;
}

/**
 * What `kindlab up` installs (same manifests online and offline). kindlab's NetworkPolicy agent
 * goes only where the pod network is kindlab's node-net (the offline node image): kind's kindnet
 * enforces NetworkPolicy itself, and two enforcers would each drop what the other allows.
 */
export const addons: readonly Addon[] = [
  { name: 'traefik', file: 'manifests/addons/traefik.yaml', namespace: 'traefik', workload: { kind: 'deployments', name: 'traefik' }, role: 'ingress', need: 'ingress' },
  { name: 'metrics-server', file: 'manifests/addons/metrics-server.yaml', namespace: 'kube-system', workload: { kind: 'deployments', name: 'metrics-server' }, role: 'metrics', need: 'metrics' },
  {
    name: 'netpol',
    file: 'manifests/addons/netpol.yaml',
    namespace: 'kube-system',
    workload: { kind: 'daemonsets', name: 'kindlab-netpol' },
    role: 'network-policy',
    onlyWithPodNetwork: 'node-net',
  },
];

/** The pod network agents kindlab knows, by their kube-system DaemonSet: kind's own and the offline image's. */
export const podNetworks = ['kindnet', 'node-net'] as const;
export type PodNetwork = (typeof podNetworks)[number];

/** Which known pod network agent runs on the cluster, if any (another CNI: undefined). */
export async function podNetworkOf(client: KubeClient): Promise<PodNetwork | undefined> {
  for (const name of podNetworks) {
    const found = await client.apps.readNamespacedDaemonSet({ name, namespace: 'kube-system' }).then(
      () => true,
      (error: unknown) => {
        if (isNotFound(error)) return false;
        throw toKubeError(error, `reading daemonset kube-system/${name}`);
      },
    );
    if (found) return name;
  }
  return undefined;
}

/** The add-ons a cluster with this pod network needs. */
export function addonsFor(podNetwork: PodNetwork | undefined): Addon[] {
  return addons.filter((a) => a.onlyWithPodNetwork === undefined || a.onlyWithPodNetwork === podNetwork);
}

/** The catalog roles of the add-ons such a cluster does not need: their images are neither built nor loaded for it. */
export function unneededRoles(podNetwork: PodNetwork | undefined): string[] {
  const needed = addonsFor(podNetwork);
  return addons.filter((a) => !needed.includes(a)).map((a) => a.role);
}

/**
 * Whether an add-on serves: its workload has an available replica (every node's pod, for a
 * DaemonSet) and, for metrics-server, the metrics API answers. Empty when healthy, else what is
 * wrong. Asked by `up`, `doctor` and the runner's needs alike.
 */
export async function addonProblems(client: KubeClient, addon: Addon): Promise<string[]> {
  const problems: string[] = [];
  const { kind, name } = addon.workload;
  if (kind === 'daemonsets') {
    const d = await client.apps.readNamespacedDaemonSet({ name, namespace: addon.namespace }).catch(() => undefined);
    const progress = d ? daemonSetRolloutProgress(d) : 'not installed';
    if (progress !== true) problems.push(`${addon.name}: ${progress}`);
  } else {
    const d = await client.apps.readNamespacedDeployment({ name, namespace: addon.namespace }).catch(() => undefined);
    if (!d) problems.push(`${addon.name}: not installed`);
    else if ((d.status?.availableReplicas ?? 0) < 1) problems.push(`${addon.name}: 0 available replicas`);
  }
  if (addon.role === 'metrics') {
    const answer = await sendJson(client, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes').catch((e: Error) => ({ status: 0, body: e.message }));
    if (answer.status !== 200) problems.push(`metrics API: ${answer.status ? `HTTP ${answer.status}` : answer.body}`);
  }
  return problems;
}
