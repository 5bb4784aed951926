import { readFileSync } from 'node:fs';
import { fromProject } from '../core/paths.js';
import { fillPlaceholders } from '../core/template.js';
import { imageByRole, type Catalog } from '../cluster/index.js';
import { applyObjects } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { parseManifests } from '../kube/manifests.js';
import { waitForAddons, type Addon } from '../observe/addons.js';

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

/**
 * Applies the given add-ons (server-side, idempotent). With `waitMs`, also waits until each one
 * serves; without, they come up in the background and whoever needs one waits for it (the runner).
 */
export async function installAddons(client: KubeClient, wanted: readonly Addon[], options: AddonOptions & { waitMs?: number }): Promise<string[]> {
  const vars = addonVariables(options);
  await Promise.all(
    wanted.map(async (addon) => {
      const text = fillPlaceholders(readFileSync(fromProject(addon.file), 'utf8'), vars, addon.file);
      await applyObjects(client, parseManifests(text, addon.file));
    }),
  );
  if (options.waitMs !== undefined) await waitForAddons(client, wanted, options.waitMs);
  return wanted.map((a) => a.name);
}
