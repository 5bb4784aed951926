import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { docker, inspectImage } from '../docker.js';

/** Where builds land: folders renamed into place once complete, old builds and images pruned. */
export function finish(partial: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
}

/**
 * Removes the image a rebuild superseded, unless the rebuild produced that very image again (a
 * cache hit gives the same ID) or a container still uses it.
 */
export async function removeSuperseded(oldId: string | undefined, ref: string): Promise<void> {
  if (!oldId) return;
  const now = await inspectImage(ref);
  if (now?.id === oldId) return;
  await removeImage(oldId);
}

export async function removeImage(idOrRef: string): Promise<void> {
  await docker(['rmi', idOrRef], { allowFailure: true });
}

export async function imagesOfRepository(repository: string): Promise<string[]> {
  const out = await docker(['images', repository, '--format', '{{.Repository}}:{{.Tag}}'], { allowFailure: true });
  return out.split('\n').filter(Boolean);
}

/** Deletes cached builds of `name` other than `keep` (older fingerprints), so caches stay lean. */
export function pruneSiblings(dir: string, name: string, keep: string): void {
  if (!existsSync(dir)) return;
  const pattern = new RegExp(`^${name.replace(/[-.]/g, '\\$&')}-[0-9a-f]{16}(\\.partial)?$`);
  for (const entry of readdirSync(dir)) {
    if (entry !== keep && pattern.test(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

export function sanitize(ref: string): string {
  return ref.replace(/[^\w.-]+/g, '_');
}
