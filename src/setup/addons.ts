import { readFileSync } from 'node:fs';
import type { V1Deployment } from '@kubernetes/client-node';
import { fromProject } from '../core/paths.js';
import { fillPlaceholders } from '../core/template.js';
import { imageByRole, type Catalog } from '../cluster/index.js';
import { applyObjects } from '../kube/apply.js';
import { connect } from '../kube/client.js';
import { parseManifests } from '../kube/manifests.js';
import { rolloutProgress } from '../observe/conditions.js';
import { diagnoseNamespace, formatDiagnosis } from '../observe/diagnose.js';
import { WaitTimeoutError } from '../core/wait.js';
import { addons } from '../observe/addons.js';
import { Informer, verdictOf } from '../observe/informer.js';

/** ${TRAEFIK_IMAGE}, ${METRICS_SERVER_IMAGE}: the catalog's images for the add-ons' roles. */
export function addonVariables(catalog: Catalog): Record<string, string> {
  return { TRAEFIK_IMAGE: imageByRole(catalog, 'ingress').ref, METRICS_SERVER_IMAGE: imageByRole(catalog, 'metrics').ref };
}

/** Applies every add-on (server-side, idempotent) and waits until each one's Deployment is rolled out. */
export async function installAddons(catalog: Catalog, timeoutMs: number): Promise<string[]> {
  const client = connect();
  const vars = addonVariables(catalog);
  for (const addon of addons) {
    const text = fillPlaceholders(readFileSync(fromProject(addon.file), 'utf8'), vars, addon.file);
    await applyObjects(client, parseManifests(text, addon.file));
  }
  const deadline = Date.now() + timeoutMs;
  for (const addon of addons) {
    const informer = new Informer<V1Deployment>(client, `/apis/apps/v1/namespaces/${addon.namespace}/deployments`, { fieldSelector: `metadata.name=${addon.deployment}` });
    try {
      await informer.waitFor((objects) => verdictOf(rolloutProgress(objects.get(`${addon.namespace}/${addon.deployment}`))), {
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
