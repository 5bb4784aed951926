import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { KindlabError } from '../../core/errors.js';
import { run } from '../../core/exec.js';
import type { Catalog, RootfsRecipe } from './catalog.js';

export const rootfsVariant = 'minbase';

export function rootfsImageRef(name: string, fingerprint: string): string {
  return `kindlab/rootfs-${name}:${fingerprint}`;
}

/** Makes sure debootstrap can run: it needs root, and is installed from Debian when missing. */
export async function ensureDebootstrap(onLine: (l: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new KindlabError('ROOT_REQUIRED', 'building a Debian tree offline (debootstrap) needs root', {
      fix: 'run the image build as root (e.g. `sudo -E npx kindlab images build`), or use the published images online',
    });
  }
  const found = await run('debootstrap', ['--version'], { allowFailure: true }).catch(() => undefined);
  if (found && found.exitCode === 0) return;
  onLine('installing debootstrap from Debian');
  const install = await run('apt-get', ['install', '-y', '-qq', 'debootstrap'], {
    allowFailure: true,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).catch(() => undefined);
  if (!install || install.exitCode !== 0) {
    throw new KindlabError('DEBOOTSTRAP_MISSING', 'debootstrap is not installed and could not be installed', {
      fix: 'install it: `apt-get install debootstrap`',
    });
  }
}

/**
 * Debootstraps a Debian tree into `treeDir` (through a temporary folder, so an interrupted run
 * leaves nothing that looks finished), then imports it into Docker as `ref`.
 */
export async function buildRootfs(
  catalog: Catalog,
  recipe: RootfsRecipe,
  treeDir: string,
  debCacheDir: string,
  ref: string,
  labels: Record<string, string>,
  onLine: (l: string) => void,
  fresh = false,
): Promise<void> {
  await ensureDebootstrap(onLine);
  if (fresh) rmSync(treeDir, { recursive: true, force: true });
  if (!existsSync(treeDir)) {
    const tmp = `${treeDir}.partial`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(debCacheDir, { recursive: true });
    await run(
      'debootstrap',
      [
        `--variant=${rootfsVariant}`,
        `--cache-dir=${debCacheDir}`,
        `--include=${recipe.packages.join(',')}`,
        catalog.debian.suite,
        tmp,
        catalog.debian.mirror,
      ],
      { onLine, timeoutMs: 30 * 60_000 },
    );
    // Package lists are large and useless in an image; the cache folder keeps the .debs.
    rmSync(join(tmp, 'var/lib/apt/lists'), { recursive: true, force: true });
    mkdirSync(join(tmp, 'var/lib/apt/lists/partial'), { recursive: true });
    renameSync(tmp, treeDir);
  }
  const changes = Object.entries(labels).flatMap(([k, v]) => ['--change', `LABEL ${k}=${v}`]);
  await run('bash', ['-o', 'pipefail', '-c', 'tar -C "$1" -c . | docker import "${@:3}" - "$2"', 'import', treeDir, ref, ...changes], {
    onLine,
    timeoutMs: 10 * 60_000,
  });
}
