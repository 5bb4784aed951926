import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KindlabError } from '../../core/errors.js';
import { fromProject } from '../../core/paths.js';
import { retry } from '../../core/retry.js';
import { atPlaceholder, fillPlaceholders } from '../../core/template.js';
import { docker, saveInto } from '../docker.js';
import { imageByRole, type Catalog } from './catalog.js';

/** Placeholders in the node recipe's files, filled from the catalog. */
export function nodeTemplateValues(catalog: Catalog): Record<string, string> {
  return {
    PAUSE_IMAGE: imageByRole(catalog, 'sandbox').ref,
    NODE_NET_IMAGE: imageByRole(catalog, 'cni').ref,
    LOCAL_PATH_PROVISIONER_IMAGE: imageByRole(catalog, 'storage').ref,
    LOCAL_PATH_HELPER_IMAGE: imageByRole(catalog, 'storage-helper').ref,
  };
}

const stopContainerd = `pkill -x containerd
for _ in $(seq 100); do
  alive=0
  for pid in $(pgrep -x containerd); do [ "$(awk '{print $3}' /proc/$pid/stat)" = Z ] || alive=1; done
  [ $alive = 0 ] && exit 0
  sleep 0.1
done
echo "containerd did not stop within 10 s" >&2; exit 1`;

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

  const container = `kindlab-node-build-${process.pid}`;
  await docker(['rm', '-f', container], { allowFailure: true });
  try {
    onLine('stage 2: pre-loading images into the node');
    await docker(['run', '-d', '--name', container, '--privileged', '--entrypoint', 'sleep', stage1, 'infinity']);
    await docker(['exec', container, 'bash', '-c', 'nohup containerd >/var/log/containerd-preload.log 2>&1 &']);
    await retry(() => docker(['exec', container, 'ctr', 'version'], { timeoutMs: 10_000 }), { patienceMs: 20_000 }).catch(async (cause: unknown) => {
      const log = await docker(['exec', container, 'tail', '-20', '/var/log/containerd-preload.log'], { allowFailure: true });
      throw new KindlabError('NODE_BUILD_FAILED', `containerd did not start in the node build container:\n${log}`, { cause });
    });
    await saveInto(inputs.preload, {
      file: 'docker',
      args: ['exec', '-i', container, 'ctr', '--namespace=k8s.io', 'images', 'import', '--label=io.cri-containerd.pinned=pinned', '--all-platforms', '--no-unpack', '--digests', '-'],
    });
    const listed = new Set((await docker(['exec', container, 'ctr', '--namespace=k8s.io', 'images', 'list', '--quiet'])).split('\n'));
    const missing = inputs.preload.filter((ref) => !listed.has(ref));
    if (missing.length > 0) {
      throw new KindlabError('NODE_BUILD_FAILED', `images missing in the node after the import: ${missing.join(', ')}`);
    }
    // Stop containerd cleanly so its metadata database is complete. `sleep` (PID 1 here) does not
    // reap, so a stopped containerd lingers as a zombie: wait for that state, not for the PID.
    await docker(['exec', container, 'bash', '-c', stopContainerd]);
    const changes = [
      'ENTRYPOINT ["/usr/local/bin/kindlab-node-entrypoint", "/sbin/init"]',
      'CMD []',
      ...Object.entries(inputs.labels).map(([k, v]) => `LABEL ${k}=${v}`),
    ].flatMap((c) => ['--change', c]);
    await docker(['commit', ...changes, container, catalog.node.offline], { timeoutMs: 20 * 60_000 });
  } finally {
    await docker(['rm', '-f', container], { allowFailure: true });
    await docker(['rmi', stage1], { allowFailure: true });
  }
}
