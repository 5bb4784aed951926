import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder that holds kindlab's package.json (works from src/ and from dist/src/). */
export const projectRoot: string = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'images', 'catalog.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`kindlab: no project root above ${start}`);
    dir = parent;
  }
}

/**
 * Where kindlab keeps what it builds (binaries, Debian trees, Go wrapper modules). Outside the
 * checkout on purpose: a fresh clone elsewhere finds it warm. KINDLAB_CACHE_DIR overrides it.
 * scripts/node.sh finds the same folder in bash (it installs Node there before any good Node runs).
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KINDLAB_CACHE_DIR) return resolve(env.KINDLAB_CACHE_DIR);
  const base = env.XDG_CACHE_HOME ? resolve(env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return join(base, 'kindlab');
}

export function fromProject(...parts: string[]): string {
  return join(projectRoot, ...parts);
}

/** This kindlab's version, from its package.json. */
export function kindlabVersion(): string {
  return (JSON.parse(readFileSync(fromProject('package.json'), 'utf8')) as { version: string }).version;
}
