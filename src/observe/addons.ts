import type { KubeClient } from '../kube/client.js';
import { sendJson } from '../kube/raw.js';

/** What `kindlab up` installs on every cluster, online and offline alike (same manifests). */
export const addons = [
  { name: 'traefik', file: 'manifests/addons/traefik.yaml', namespace: 'traefik', deployment: 'traefik', role: 'ingress', need: 'ingress' },
  { name: 'metrics-server', file: 'manifests/addons/metrics-server.yaml', namespace: 'kube-system', deployment: 'metrics-server', role: 'metrics', need: 'metrics' },
] as const;

export type Addon = (typeof addons)[number];

/**
 * Whether an add-on serves: its Deployment has an available replica and, for metrics-server, the
 * metrics API answers. Empty when healthy, else what is wrong. Asked by `up`, `doctor` and the
 * runner's needs alike.
 */
export async function addonProblems(client: KubeClient, addon: Addon): Promise<string[]> {
  const problems: string[] = [];
  const d = await client.apps.readNamespacedDeployment({ name: addon.deployment, namespace: addon.namespace }).catch(() => undefined);
  if (!d) problems.push(`${addon.name}: not installed`);
  else if ((d.status?.availableReplicas ?? 0) < 1) problems.push(`${addon.name}: 0 available replicas`);
  if (addon.role === 'metrics') {
    const answer = await sendJson(client, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes').catch((e: Error) => ({ status: 0, body: e.message }));
    if (answer.status !== 200) problems.push(`metrics API: ${answer.status ? `HTTP ${answer.status}` : answer.body}`);
  }
  return problems;
}
