import { PatchStrategy, type KubernetesObject } from '@kubernetes/client-node';
import pRetry, { AbortError } from 'p-retry';
import type { KubeClient } from './client.js';
import { toKubeError, isTransient } from './errors.js';
import type { Manifest, ManifestObject } from './manifests.js';

export const fieldManager = 'kindlab';

export interface ApplyOptions {
  /** Namespace for namespaced objects that name none. */
  namespace?: string;
  /** Labels added to every object (e.g. which lab owns it). */
  labels?: Record<string, string>;
  retries?: number;
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
    const result = await pRetry(
      async () => {
        try {
          return await client.objects.patch(object, undefined, undefined, fieldManager, true, PatchStrategy.ServerSideApply);
        } catch (error) {
          const kubeError = toKubeError(error, what);
          // AbortError stops p-retry and rejects with the error it carries.
          throw isTransient(kubeError) ? kubeError : new AbortError(kubeError);
        }
      },
      { retries: options.retries ?? 4, minTimeout: 200, maxTimeout: 2000 },
    );
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
