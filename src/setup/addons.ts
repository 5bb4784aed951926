import { readFileSync } from 'node:fs';
import type { V1Deployment } from '@kubernetes/client-node';
import { fromProject } from '../core/paths.js';
import { imageByRole, type Catalog } from '../cluster/index.js';
import { applyObjects } from '../kube/apply.js';
import { connect } from '../kube/client.js';
import { parseManifests } from '../kube/manifests.js';
import { rolloutProgress } from '../observe/conditions.js';
import { diagnoseNamespace, formatDiagnosis } from '../observe/diagnose.js';
import { Informer, WaitTimeoutError } from '../observe/informer.js';

/** What `kindlab up` installs on every cluster, online and offline alike (same manifests). */
export const addons = [
  { name: 'traefik', file: 'manifests/addons/traefik.yaml', namespace: 'traefik', deployment: 'traefik', role: 'ingress' },
  { name: 'metrics-server', file: 'manifests/addons/metrics-server.yaml', namespace: 'kube-system', deployment: 'metrics-server', role: 'metrics' },
] as const;

/** ${TRAEFIK_IMAGE}, ${METRICS_SERVER_IMAGE}: the catalog's images for the add-ons' roles. */
export function addonVariables(catalog: Catalog): Record<string, string> {
  return { TRAEFIK_IMAGE: imageByRole(catalog, 'ingress').ref, METRICS_SERVER_IMAGE: imageByRole(catalog, 'metrics').ref };
}

/** Applies every add-on (server-side, idempotent) and waits until each one's Deployment is rolled out. */
export async function installAddons(catalog: Catalog, timeoutMs: number): Promise<string[]> {
  const client = connect();
  const vars = addonVariables(catalog);
  for (const addon of addons) {
    const text = readFileSync(fromProject(addon.file), 'utf8').replace(/\$\{([A-Z_]+)\}/g, (all, name: string) => vars[name] ?? all);
    await applyObjects(client, parseManifests(text, addon.file));
  }
  const deadline = Date.now() + timeoutMs;
  for (const addon of addons) {
    const informer = new Informer<V1Deployment>(client, `/apis/apps/v1/namespaces/${addon.namespace}/deployments`, { fieldSelector: `metadata.name=${addon.deployment}` });
    try {
      await informer.waitFor((objects) => rolloutProgress(objects.get(`${addon.namespace}/${addon.deployment}`)), {
        what: `add-on ${addon.name} rolled out`,
        timeoutMs: Math.max(1000, deadline - Date.now()),
      });
    } catch (error) {
      if (error instanceof WaitTimeoutError) {
        error.message += `\n${formatDiagnosis(await diagnoseNamespace(client, addon.namespace))}`;
      }
      throw error;
    } finally {
      informer.stop();
    }
  }
  return addons.map((a) => a.name);
}
