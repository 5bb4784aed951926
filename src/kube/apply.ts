import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from './client.js';
import { toKubeError } from './errors.js';
import { retryTransient } from './retry.js';
import type { Manifest, ManifestObject } from './manifests.js';

export const fieldManager = 'kindlab';

export interface ApplyOptions {
  /** Namespace for namespaced objects that name none. */
  namespace?: string;
  /** Labels added to every object (e.g. which lab owns it). */
  labels?: Record<string, string>;
  /** How long to keep trying through transient errors (default 30 s). */
  patienceMs?: number;
}

/**
 * Server-side apply of each object, in order, as field manager "kindlab" (forcing conflicts:
 * kindlab owns what it applies). The caller's objects are never modified.
 */
export async function applyObjects(client: KubeClient, manifests: readonly Manifest[], options: ApplyOptions = {}): Promise<KubernetesObject[]> {
  const applied: KubernetesObject[] = [];
  for (const manifest of manifests) {
    const object = await prepare(client, manifest, options);
    const what = `applying ${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name} (${manifest.origin})`;
    // Server-side apply is idempotent: safe to send again after a lost answer.
    const result = await retryTransient(what, () => client.objects.patch(object, undefined, undefined, fieldManager, true, PatchStrategy.ServerSideApply), options);
    applied.push(result);
  }
  return applied;
}

async function prepare(client: KubeClient, manifest: Manifest, options: ApplyOptions): Promise<ManifestObject> {
  const object = structuredClone(manifest.object);
  if (options.labels) object.metadata.labels = { ...object.metadata.labels, ...options.labels };
  if (options.namespace && !object.metadata.namespace) {
    const namespaced = await client.objects.isNamespaced(object.apiVersion, object.kind).catch((error: unknown) => {
      throw toKubeError(error, `looking up ${object.kind} (${manifest.origin})`);
    });
    if (namespaced === undefined) {
      throw toKubeError(new Error(`the API server does not know ${object.apiVersion} ${object.kind}`), manifest.origin);
    }
    if (namespaced) object.metadata.namespace = options.namespace;
  }
  return object;
}
