import type { KubernetesObject, V1DaemonSet, V1Deployment } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { isNotFound, toKubeError } from '../kube/errors.js';
import { sendJson } from '../kube/raw.js';
import { daemonSetRolloutProgress, rolloutProgress } from './conditions.js';
import { verdictOf, type Condition } from './informer.js';
import { waitOn } from './wait-on.js';

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

/**
 * Waits on watches, with one deadline for all, until each add-on serves: its workload rolled out
 * and, for metrics-server, its API Available. A timeout says what it waited for, with the
 * namespace's diagnosis.
 */
export async function waitForAddons(client: KubeClient, wanted: readonly Addon[], timeoutMs: number, onPending?: (verdict: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await Promise.all(wanted.map((addon) => waitForAddon(client, addon, deadline, onPending)));
}

async function waitForAddon(client: KubeClient, addon: Addon, deadline: number, onPending: ((verdict: string) => void) | undefined): Promise<void> {
  const { kind, name } = addon.workload;
  const progress = (object: V1Deployment | V1DaemonSet | undefined) => (kind === 'daemonsets' ? daemonSetRolloutProgress(object as V1DaemonSet | undefined) : rolloutProgress(object as V1Deployment | undefined));
  const options = (only: string) => ({ name: only, diagnose: addon.namespace, ...(onPending ? { onPending: (why: string) => onPending(`${addon.name}: ${why}`) } : {}) });
  await waitOn<V1Deployment | V1DaemonSet>(client, `/apis/apps/v1/namespaces/${addon.namespace}/${kind}`, (objects) => verdictOf(progress(objects.get(`${addon.namespace}/${name}`))), `add-on ${addon.name} rolled out`, deadline - Date.now(), options(name));
  if (addon.role === 'metrics') {
    await waitOn(client, '/apis/apiregistration.k8s.io/v1/apiservices', apiServiceAvailable, `the metrics API (${metricsApiService}) Available`, deadline - Date.now(), options(metricsApiService));
  }
}

const metricsApiService = 'v1beta1.metrics.k8s.io';

interface ApiService extends KubernetesObject {
  status?: { conditions?: Array<{ type?: string; status?: string; message?: string }> };
}

const apiServiceAvailable: Condition<ApiService, void> = (objects) => {
  const available = objects.get(`/${metricsApiService}`)?.status?.conditions?.find((c) => c.type === 'Available');
  return verdictOf(available?.status === 'True' ? true : `not Available yet${available?.message ? `: ${available.message}` : ''}`);
};
