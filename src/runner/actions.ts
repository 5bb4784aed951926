import { PatchStrategy, setHeaderOptions, type V1Deployment, type V1Pod, type V1PodTemplateSpec } from '@kubernetes/client-node';
import { sendJson } from '../kube/raw.js';
import type { KubeClient } from '../kube/client.js';
import { isNotFound, toKubeError } from '../kube/errors.js';
import { retryTransient } from '../kube/retry.js';

/** Field manager of kindlab's imperative changes (kubectl set image, scale, rollout restart). */
export const actionManager = 'kindlab-action';

const strategicMerge = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

/** A strategic-merge patch of a Deployment, as kubectl's imperative commands send. */
export async function patchDeployment(client: KubeClient, namespace: string, name: string, body: object, what: string): Promise<V1Deployment> {
  return retryTransient(`${what} (deployment ${namespace}/${name})`, () => client.apps.patchNamespacedDeployment({ name, namespace, body, fieldManager: actionManager }, strategicMerge));
}

/** A strategic merge patch: the env entries merge by name into the container's own. */
export function setImageBody(container: string, image: string, env: Record<string, string> = {}): object {
  const vars = Object.entries(env).map(([name, value]) => ({ name, value }));
  return { spec: { template: { spec: { containers: [{ name: container, image, ...(vars.length ? { env: vars } : {}) }] } } } };
}

export function rolloutRestartBody(at: Date): object {
  return { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at.toISOString() } } } } };
}

export function scaleBody(replicas: number): object {
  return { spec: { replicas } };
}

export async function deletePod(client: KubeClient, namespace: string, name: string): Promise<void> {
  await retryTransient(`deleting pod ${namespace}/${name}`, async (attempt) => {
    try {
      await client.core.deleteNamespacedPod({ name, namespace });
    } catch (error) {
      // A retry may find the pod gone: the first attempt deleted it before its answer was lost.
      if (!(attempt > 1 && isNotFound(error))) throw error;
    }
  });
}

/** The JSON patch `kubectl rollout undo` sends: the previous ReplicaSet's template, as it was. */
export async function undoRollout(client: KubeClient, namespace: string, deployment: string, template: V1PodTemplateSpec): Promise<V1Deployment> {
  const clean = structuredClone(template);
  delete clean.metadata?.labels?.['pod-template-hash'];
  // client-node sends typed patches as JSON Patch by default: exactly a replace of the template.
  return retryTransient(`rolling back deployment ${namespace}/${deployment}`, () =>
    client.apps.patchNamespacedDeployment({ name: deployment, namespace, body: [{ op: 'replace', path: '/spec/template', value: clean }], fieldManager: actionManager }),
  );
}

/** In-place resize through the pods/resize subresource (Kubernetes 1.33+). */
export async function resizeContainer(client: KubeClient, namespace: string, pod: string, container: string, resources: object): Promise<V1Pod> {
  const path = `/api/v1/namespaces/${namespace}/pods/${pod}/resize`;
  const body = { spec: { containers: [{ name: container, resources }] } };
  try {
    const { status, body: text } = await sendJson(client, 'PATCH', path, body, 'application/strategic-merge-patch+json');
    if (status >= 300) throw new Error(`HTTP ${status}: ${text.slice(0, 300)}`);
    return JSON.parse(text) as V1Pod;
  } catch (error) {
    throw toKubeError(error, `resizing ${container} in pod ${namespace}/${pod}`);
  }
}

export async function labelNode(client: KubeClient, node: string, key: string, value: string | null): Promise<void> {
  await retryTransient(`labelling node ${node}`, () =>
    client.core.patchNode({ name: node, body: { metadata: { labels: { [key]: value } } }, fieldManager: actionManager }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch)),
  );
}
