import type { KubernetesObject } from '@kubernetes/client-node';
import type { KubeClient } from './client.js';
import { KubeApiError, toKubeError } from './errors.js';
import type { Manifest, ManifestObject } from './manifests.js';
import { sendJson } from './raw.js';
import { retryTransient } from './retry.js';

export const fieldManager = 'kindlab';

export interface ApplyOptions {
  /** Labels added to every object (e.g. which lab owns it). */
  labels?: Record<string, string>;
  /** Validate only: the API server checks everything and stores nothing. */
  dryRun?: boolean;
  /** Field manager (default "kindlab"). */
  manager?: string;
  /** How long to keep trying through transient errors (default 30 s). */
  patienceMs?: number;
  signal?: AbortSignal;
  /** Rewrites the API server's messages before they are shown (a Secret's values never are). */
  redact?: (text: string) => string;
}

/**
 * Server-side apply of each manifest, in order, with strict field validation: a misspelt field
 * (`replica: 3`) is refused with its path instead of being dropped. Conflicts are forced: kindlab
 * owns what it applies. Objects must already carry their namespace (see intake); they are never
 * modified.
 */
export async function applyObjects(client: KubeClient, manifests: readonly Manifest[], options: ApplyOptions = {}): Promise<KubernetesObject[]> {
  const applied: KubernetesObject[] = [];
  for (const manifest of manifests) applied.push(await applyOne(client, manifest, options));
  return applied;
}

export async function applyOne(client: KubeClient, manifest: Manifest, options: ApplyOptions = {}): Promise<KubernetesObject> {
  const object: ManifestObject = structuredClone(manifest.object);
  if (options.labels) object.metadata.labels = { ...object.metadata.labels, ...options.labels };
  const redact = options.redact ?? ((t: string) => t);
  const where = `${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
  const what = `${options.dryRun ? 'validating' : 'applying'} ${object.kind} ${where} (${manifest.origin})`;
  const path = await client.objects.pathOf(object).catch((error: unknown) => {
    throw toKubeError(error, what);
  });
  if (!path) throw new KubeApiError(404, 'NotFound', `${what}: the API server knows no ${object.kind} in ${object.apiVersion}`);
  const query = new URLSearchParams({ fieldManager: options.manager ?? fieldManager, force: 'true', fieldValidation: 'Strict' });
  if (options.dryRun) query.set('dryRun', 'All');
  // Server-side apply is idempotent: safe to send again after a lost answer.
  return retryTransient(
    what,
    async () => {
      const response = await sendJson(client, 'PATCH', `${path}?${query}`, object, 'application/apply-patch+yaml');
      if (response.status >= 400) {
        const status = parseStatus(response.body);
        // A field the schema does not know, a value that does not decode (bad base64): the API server
        // answers 500, but it is the manifest's fault, and trying again changes nothing.
        const invalid = response.status === 500 && /typed patch object|failed to convert|error decoding|unmarshal/i.test(status.message ?? '');
        throw new KubeApiError(invalid ? 422 : response.status, invalid ? 'Invalid' : (status.reason ?? ''), `${what}: ${redact(status.message ?? `HTTP ${response.status}`)}`);
      }
      return JSON.parse(response.body) as KubernetesObject;
    },
    { ...(options.patienceMs === undefined ? {} : { patienceMs: options.patienceMs }), ...(options.signal ? { signal: options.signal } : {}) },
  );
}

function parseStatus(body: string): { reason?: string; message?: string } {
  try {
    return JSON.parse(body) as { reason?: string; message?: string };
  } catch {
    return { message: body.slice(0, 300) };
  }
}
