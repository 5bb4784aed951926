import type { V1Namespace } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { isConflict, isNotFound, toKubeError } from '../kube/errors.js';
import { Informer } from '../observe/informer.js';

export const managedBy = { 'app.kubernetes.io/managed-by': 'kindlab' };
export const labLabel = 'kindlab.dev/lab';

export function labNamespace(labId: string): string {
  return `kindlab-${labId}`;
}

/** Deletes a namespace and waits (on a watch) until it is gone. */
export async function deleteNamespace(client: KubeClient, name: string, timeoutMs = 120_000): Promise<void> {
  const watch = new Informer<V1Namespace>(client, '/api/v1/namespaces', { fieldSelector: `metadata.name=${name}` });
  try {
    await watch.ready();
    if (watch.objects.size === 0) return;
    await client.core.deleteNamespace({ name }).catch((error: unknown) => {
      if (!isNotFound(error)) throw toKubeError(error, `deleting namespace ${name}`);
    });
    await watch.waitFor((objects) => (objects.size === 0 ? true : `namespace ${name} still ${[...objects.values()][0]?.status?.phase ?? 'present'}`), {
      what: `namespace ${name} deleted`,
      timeoutMs,
    });
  } finally {
    watch.stop();
  }
}

/**
 * A fresh namespace for a lab run. One left over from a crashed run is deleted first (a leftover
 * is cleaned, never a failure).
 */
export async function freshLabNamespace(client: KubeClient, labId: string, runId: string): Promise<string> {
  const name = labNamespace(labId);
  await deleteNamespace(client, name);
  const body: V1Namespace = { metadata: { name, labels: { ...managedBy, [labLabel]: labId, 'kindlab.dev/run': runId } } };
  try {
    await client.core.createNamespace({ body });
  } catch (error) {
    if (!isConflict(error)) throw toKubeError(error, `creating namespace ${name}`);
    await deleteNamespace(client, name);
    await client.core.createNamespace({ body });
  }
  return name;
}

/** Lab namespaces that no running lab owns (left by a run that was killed): deleted. */
export async function cleanLeftovers(client: KubeClient, keep: Set<string>): Promise<string[]> {
  const list = await client.core.listNamespace({ labelSelector: labLabel }).catch((error: unknown) => {
    throw toKubeError(error, 'listing kindlab namespaces');
  });
  const stale = list.items.map((n) => n.metadata?.name ?? '').filter((n) => n && !keep.has(n));
  await Promise.all(stale.map((n) => deleteNamespace(client, n)));
  return stale;
}
