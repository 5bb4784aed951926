import type { KubeClient } from '../kube/client.js';
import { collectionPath, deleteByLabel, namespacedResources, type NamespacedResource } from '../kube/discovery.js';
import { sendJson } from '../kube/raw.js';
import { retryTransient } from '../kube/retry.js';
import { clusterInfoOf, readSettings, readStudentNamespace } from './settings.js';
import { restoreFences } from './student-setup.js';
import { studentLabel, studentNamespace, studentObjects } from './objects.js';

/** What the cluster itself keeps in every namespace, or makes from other objects: not the student's. */
const clusterMade: Record<string, string[]> = { configmaps: ['kube-root-ca.crt'], serviceaccounts: ['default'] };
const neverEmptied = new Set(['events', 'endpoints', 'endpointslices']);

/**
 * Empties a student's namespace: every namespaced object, whatever its kind (asked of the API's
 * discovery, CRDs included) or labels, except the class's own objects, known by kind and name —
 * never by labels, which students can write. Then the class's fences are applied again, in case
 * the student had changed them. Their access stays (revoke ends it).
 */
export async function resetStudent(client: KubeClient, className: string, student: string): Promise<number> {
  const ns = await readStudentNamespace(client, className, student);
  const namespace = studentNamespace(student);
  const settings = await readSettings(client, className);
  const id = ns.metadata!.labels![studentLabel]!;
  const name = ns.metadata?.annotations?.['kindlab.dev/student-name'] ?? id;
  const kept = classOwned(studentObjects(className, { id, name }, settings.budget, {}), namespace);
  let removed = 0;
  for (const resource of (await namespacedResources(client)).filter((r) => !neverEmptied.has(r.resource) && r.verbs.includes('list'))) {
    removed += await empty(client, resource, namespace, [...(kept.get(resource.kind) ?? []), ...(clusterMade[resource.resource] ?? [])]);
  }
  await restoreFences(client, { className, student: { id, name }, budget: settings.budget, clusterInfo: await clusterInfoOf(client) });
  return removed;
}

/** Kind → names of the class's objects in the student's namespace. */
function classOwned(objects: Record<string, { kind: string; metadata: { name: string; namespace?: string } }>, namespace: string): Map<string, string[]> {
  const owned = new Map<string, string[]>();
  for (const o of Object.values(objects)) if (o.metadata.namespace === namespace) owned.set(o.kind, [...(owned.get(o.kind) ?? []), o.metadata.name]);
  return owned;
}

async function empty(client: KubeClient, resource: NamespacedResource, namespace: string, keep: string[]): Promise<number> {
  const path = collectionPath(resource, namespace);
  const listed = await retryTransient(`listing ${path}`, () => sendJson(client, 'GET', path));
  if (listed.status >= 400) return 0;
  const names = ((JSON.parse(listed.body) as { items?: Array<{ metadata?: { name?: string } }> }).items ?? []).map((i) => i.metadata?.name ?? '').filter((n) => n && !keep.includes(n));
  if (names.length === 0) return 0;
  if (resource.verbs.includes('deletecollection')) {
    await deleteByLabel(client, path, '', keep.map((n) => `metadata.name!=${n}`).join(','));
  } else if (resource.verbs.includes('delete')) {
    for (const n of names) await retryTransient(`deleting ${path}/${n}`, () => sendJson(client, 'DELETE', `${path}/${encodeURIComponent(n)}`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' }));
  }
  return names.length;
}
