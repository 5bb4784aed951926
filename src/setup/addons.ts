import { readFileSync } from 'node:fs';
import type { V1DaemonSet, V1Deployment } from '@kubernetes/client-node';
import { fromProject } from '../core/paths.js';
import { fillPlaceholders } from '../core/template.js';
import { imageByRole, type Catalog } from '../cluster/index.js';
import { applyObjects } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { parseManifests } from '../kube/manifests.js';
import { daemonSetRolloutProgress, rolloutProgress } from '../observe/conditions.js';
import { diagnoseNamespace, formatDiagnosis } from '../observe/diagnose.js';
import { WaitTimeoutError } from '../core/wait.js';
import type { Addon } from '../observe/addons.js';
import { Informer, verdictOf } from '../observe/informer.js';

export interface AddonOptions {
  catalog: Catalog;
  /** The kind cluster's name: its control-plane node answers as `<cluster>-control-plane`. */
  cluster: string;
  /** Image reference -> the fingerprint of the build loaded into the nodes. */
  builds?: ReadonlyMap<string, string>;
}

/**
 * ${TRAEFIK_IMAGE}, ${METRICS_SERVER_IMAGE}, ${NETPOL_IMAGE}: the catalog's images for the add-ons'
 * roles. ${NETPOL_BUILD}: the fingerprint of kindlab's own build of its image, in the pod template,
 * so that a binary rebuilt under the same tag rolls the pods out (kindlab's code changes; the tag
 * need not). ${CONTROL_PLANE_HOST}: where an agent on the node's network reaches the API server
 * without the service address, which only works once kube-proxy has written its rules (as kind's
 * CONTROL_PLANE_ENDPOINT for kindnet).
 */
export function addonVariables({ catalog, cluster, builds = new Map() }: AddonOptions): Record<string, string> {
  const netpol = imageByRole(catalog, 'network-policy').ref;
  return {
    TRAEFIK_IMAGE: imageByRole(catalog, 'ingress').ref,
    METRICS_SERVER_IMAGE: imageByRole(catalog, 'metrics').ref,
    NETPOL_IMAGE: netpol,
    NETPOL_BUILD: builds.get(netpol) ?? '',
    CONTROL_PLANE_HOST: `${cluster}-control-plane`,
  };
}

/** Applies the given add-ons (server-side, idempotent) and waits until each one's workload is rolled out. */
export async function installAddons(client: KubeClient, wanted: readonly Addon[], timeoutMs: number, options: AddonOptions): Promise<string[]> {
  const vars = addonVariables(options);
  for (const addon of wanted) {
    const text = fillPlaceholders(readFileSync(fromProject(addon.file), 'utf8'), vars, addon.file);
    await applyObjects(client, parseManifests(text, addon.file));
  }
  const deadline = Date.now() + timeoutMs;
  for (const addon of wanted) {
    const { kind, name } = addon.workload;
    const informer = new Informer<V1Deployment | V1DaemonSet>(client, `/apis/apps/v1/namespaces/${addon.namespace}/${kind}`, { fieldSelector: `metadata.name=${name}` });
    const progress = (object: V1Deployment | V1DaemonSet | undefined) => (kind === 'daemonsets' ? daemonSetRolloutProgress(object as V1DaemonSet | undefined) : rolloutProgress(object as V1Deployment | undefined));
    try {
      await informer.waitFor((objects) => verdictOf(progress(objects.get(`${addon.namespace}/${name}`))), {
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
  return wanted.map((a) => a.name);
}
