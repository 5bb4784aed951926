import type { KubeClient } from './client.js';
import { KubeApiError } from './errors.js';
import { sendJson } from './raw.js';
import { retryTransient } from './retry.js';

/** A namespaced resource the API server serves, by its collection path under a namespace. */
export interface NamespacedResource {
  /** "v1" or "apps/v1". */
  groupVersion: string;
  /** Plural name, e.g. "deployments". */
  resource: string;
  kind: string;
  verbs: string[];
}

interface ResourceList {
  groupVersion?: string;
  resources?: Array<{ name: string; kind: string; namespaced: boolean; verbs?: string[] }>;
}

/**
 * Every namespaced resource kind the cluster serves (core, groups, CRDs), each group at its
 * preferred version: what "everything in a namespace" means on this cluster, asked, not assumed.
 */
export async function namespacedResources(client: KubeClient): Promise<NamespacedResource[]> {
  const groups = await getJson<{ groups?: Array<{ preferredVersion?: { groupVersion: string } }> }>(client, '/apis');
  const versions = ['v1', ...(groups.groups ?? []).flatMap((g) => (g.preferredVersion ? [g.preferredVersion.groupVersion] : []))];
  const lists = await Promise.all(versions.map((gv) => getJson<ResourceList>(client, gv === 'v1' ? '/api/v1' : `/apis/${gv}`).catch(() => ({}) as ResourceList)));
  return lists.flatMap((list, i) => resourcesOf(versions[i]!, list));
}

/** The namespaced top-level resources of one discovery document (no subresources). */
export function resourcesOf(groupVersion: string, list: ResourceList): NamespacedResource[] {
  return (list.resources ?? []).filter((r) => r.namespaced && !r.name.includes('/')).map((r) => ({ groupVersion, resource: r.name, kind: r.kind, verbs: r.verbs ?? [] }));
}

export function collectionPath(r: Pick<NamespacedResource, 'groupVersion' | 'resource'>, namespace: string): string {
  return `${r.groupVersion.includes('/') ? `/apis/${r.groupVersion}` : `/api/${r.groupVersion}`}/namespaces/${namespace}/${r.resource}`;
}

/** A discovery document (or any JSON the API server answers), read through transient errors. */
export async function getJson<T>(client: KubeClient, path: string): Promise<T> {
  return retryTransient(`reading ${path}`, async () => {
    const answer = await sendJson(client, 'GET', path);
    if (answer.status >= 400) throw new KubeApiError(answer.status, '', `GET ${path}: HTTP ${answer.status}`);
    return JSON.parse(answer.body) as T;
  });
}

/**
 * Deletes a collection's objects matching a label or field selector (background propagation);
 * a collection that is not there (404) is already empty.
 */
export async function deleteByLabel(client: KubeClient, path: string, labelSelector: string, fieldSelector?: string): Promise<void> {
  const query = new URLSearchParams({ labelSelector, ...(fieldSelector ? { fieldSelector } : {}) });
  await retryTransient(`deleting ${path}?${query}`, async () => {
    const answer = await sendJson(client, 'DELETE', `${path}?${query}`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    if (answer.status >= 400 && answer.status !== 404) throw new KubeApiError(answer.status, '', `DELETE ${path}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
  });
}
