import { PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { toKubeError } from '../kube/errors.js';

/** Field manager of kindlab's imperative changes (kubectl set image, scale, rollout restart). */
export const actionManager = 'kindlab-action';

const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

/** A strategic-merge patch of a Deployment, as kubectl's imperative commands send. */
export async function patchDeployment(client: KubeClient, namespace: string, name: string, body: object, what: string): Promise<V1Deployment> {
  try {
    return await client.apps.patchNamespacedDeployment({ name, namespace, body, fieldManager: actionManager }, strategicMerge);
  } catch (error) {
    throw toKubeError(error, `${what} (deployment ${namespace}/${name})`);
  }
}

export function setImageBody(container: string, image: string): object {
  return { spec: { template: { spec: { containers: [{ name: container, image }] } } } };
}

export function rolloutRestartBody(at: Date): object {
  return { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at.toISOString() } } } } };
}

export function scaleBody(replicas: number): object {
  return { spec: { replicas } };
}

export async function deletePod(client: KubeClient, namespace: string, name: string): Promise<void> {
  try {
    await client.core.deleteNamespacedPod({ name, namespace });
  } catch (error) {
    throw toKubeError(error, `deleting pod ${namespace}/${name}`);
  }
}
