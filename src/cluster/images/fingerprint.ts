import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Content fingerprints: what a build step produces depends only on these inputs, so an equal
 * fingerprint means the cached result can be reused. Paths are hashed relative to their root,
 * never absolute, so a clone in another folder finds the same cache.
 */
export class Fingerprint {
  private readonly hash = createHash('sha256');

  add(label: string, value: unknown): this {
    this.hash.update(`${label}\0${stableJson(value)}\0`);
    return this;
  }

  /** Adds every file under `dir` (names, modes and contents) that `keep` accepts, in a stable order. */
  addTree(label: string, dir: string, keep: (file: string) => boolean = () => true): this {
    for (const file of listFiles(dir).filter(keep)) {
      const full = join(dir, file);
      const mode = statSync(full).mode & 0o111 ? 'x' : '-';
      this.hash.update(`${label}/${file}\0${mode}\0`);
      this.hash.update(readFileSync(full));
      this.hash.update('\0');
    }
    return this;
  }

  addFile(label: string, path: string): this {
    this.hash.update(`${label}\0`);
    this.hash.update(readFileSync(path));
    this.hash.update('\0');
    return this;
  }

  /** The first 16 hex digits: short enough for tags and folder names, ample against collisions. */
  digest(): string {
    return this.hash.digest('hex').slice(0, 16);
  }
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

/** JSON with sorted keys, so equal objects always hash equally. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return v;
  });
}
