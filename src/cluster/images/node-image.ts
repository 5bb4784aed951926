import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fromProject } from '../../core/paths.js';
import { atPlaceholder, fillPlaceholders } from '../../core/template.js';
import { docker } from '../docker.js';
import { imageByRole, type Catalog } from './catalog.js';
import { NodeImageContainer } from './node-containerd.js';

/** Placeholders in the node recipe's files, filled from the catalog. */
export function nodeTemplateValues(catalog: Catalog): Record<string, string> {
  return {
    PAUSE_IMAGE: imageByRole(catalog, 'sandbox').ref,
    NODE_NET_IMAGE: imageByRole(catalog, 'cni').ref,
    LOCAL_PATH_PROVISIONER_IMAGE: imageByRole(catalog, 'storage').ref,
    LOCAL_PATH_HELPER_IMAGE: imageByRole(catalog, 'storage-helper').ref,
  };
}

/** The node image's own start: the container it is built in runs `sleep`, which a commit would keep. */
export const nodeEntrypoint = ['ENTRYPOINT ["/usr/local/bin/kindlab-node-entrypoint", "/sbin/init"]', 'CMD []'];

const templated = ['files/etc/containerd/config.toml', 'files/kind/manifests/default-cni.yaml', 'files/kind/manifests/default-storage.yaml'];

export interface NodeBuildInputs {
  baseRef: string;
  /** Absolute path of each binary, by destination in the node. */
  binaries: Record<string, string>;
  /** Images to pre-load into the node's containerd (already in Docker). */
  preload: string[];
  labels: Record<string, string>;
}

/**
 * Builds the node image as kind's own builder does, without pulling anything: stage 1 is a
 * docker build of the recipe on the Debian tree; stage 2 starts it, runs containerd, imports the
 * pre-loaded images (pinned, not unpacked: they unpack on the node's /var volume at run time)
 * and commits the container.
 */
export async function buildNodeImage(catalog: Catalog, inputs: NodeBuildInputs, contextDir: string, onLine: (l: string) => void): Promise<void> {
  const stage1 = `${catalog.node.offline}-stage1`;
  rmSync(contextDir, { recursive: true, force: true });
  cpSync(fromProject(catalog.node.recipe), contextDir, { recursive: true });
  const values = nodeTemplateValues(catalog);
  for (const file of templated) {
    const path = join(contextDir, file);
    writeFileSync(path, fillPlaceholders(readFileSync(path, 'utf8'), values, `${catalog.node.recipe}/${file}`, atPlaceholder));
  }
  writeFileSync(join(contextDir, 'files/kind/version'), `${catalog.kubernetes}\n`);
  for (const [dest, source] of Object.entries(inputs.binaries)) {
    const target = join(contextDir, 'binaries', dest);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    chmodSync(target, 0o755);
  }
  onLine('stage 1: docker build of the node recipe');
  await docker(['build', '--quiet', '--build-arg', `BASE=${inputs.baseRef}`, '-t', stage1, contextDir], { onLine, timeoutMs: 20 * 60_000 });
  rmSync(contextDir, { recursive: true, force: true });

  onLine('stage 2: pre-loading images into the node');
  let container: NodeImageContainer | undefined;
  try {
    container = await NodeImageContainer.open(stage1, 'build');
    await container.importImages(inputs.preload);
    await container.commit(catalog.node.offline, [
      ...nodeEntrypoint,
      ...Object.entries(inputs.labels).map(([k, v]) => `LABEL ${k}=${v}`),
    ]);
  } finally {
    await container?.remove();
    await docker(['rmi', stage1], { allowFailure: true });
  }
}
