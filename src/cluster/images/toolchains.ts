import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isKindlabError } from '../../core/errors.js';
import { run } from '../../core/exec.js';
import { goVersion } from './go-build.js';
import type { Catalog } from './catalog.js';

/** The compilers whose versions go into a binary's fingerprint (gcc is "none" without C recipes). */
export interface Toolchain {
  go: string;
  gcc: string;
}

/** This machine's toolchain; GO_MISSING when Go is not installed. */
export async function localToolchain(catalog: Catalog): Promise<Toolchain> {
  const needsGcc = Object.values(catalog.binaries).some((b) => b.kind === 'c');
  const gcc = needsGcc ? (await run('gcc', ['-dumpfullversion'], { allowFailure: true }).catch(() => ({ stdout: 'none' }))).stdout.trim() : 'none';
  return { go: await goVersion(), gcc };
}

/**
 * Toolchains that built images this machine imported (`kindlab images import`): their fingerprints
 * prove those images current without Go here, or with another Go.
 */
export function importedToolchains(cacheRoot: string): Toolchain[] {
  const path = toolchainsFile(cacheRoot);
  if (!existsSync(path)) return [];
  try {
    const data = JSON.parse(readFileSync(path, 'utf8')) as { toolchains?: unknown };
    return Array.isArray(data.toolchains) ? data.toolchains.filter(isToolchain) : [];
  } catch {
    return []; // a damaged file only means: trust what the local toolchain proves
  }
}

export function rememberToolchains(cacheRoot: string, toolchains: readonly Toolchain[]): void {
  const known = importedToolchains(cacheRoot);
  const merged = [...known, ...toolchains.filter((t) => !known.some((k) => sameToolchain(k, t)))];
  const path = toolchainsFile(cacheRoot);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ toolchains: merged }, null, 2)}\n`);
}

export function sameToolchain(a: Toolchain, b: Toolchain): boolean {
  return a.go === b.go && a.gcc === b.gcc;
}

export function isToolchain(value: unknown): value is Toolchain {
  const t = value as Partial<Toolchain> | null;
  return typeof t === 'object' && t !== null && typeof t.go === 'string' && typeof t.gcc === 'string';
}

/** What an image's fingerprint label says of it against this checkout's recipes. */
export type BuildVerdict =
  | { state: 'current'; fingerprint: string; toolchain: Toolchain }
  /** A kindlab build, but of other inputs: `up` would build it again. */
  | { state: 'older' }
  /** No toolchain to compute fingerprints with (no Go, nothing imported): cannot tell. */
  | { state: 'unknown' };

/**
 * Checks a label against the fingerprints of this checkout's recipes under each toolchain known
 * here: the local one first, then those of imported archives.
 */
export async function judgeBuild<F extends { toolchain(): Promise<Toolchain> }>(
  label: string,
  candidates: readonly F[],
  fingerprintOf: (fingerprints: F) => Promise<string>,
): Promise<BuildVerdict> {
  let computed = false;
  for (const candidate of candidates) {
    let fingerprint: string;
    try {
      fingerprint = await fingerprintOf(candidate);
    } catch (error) {
      if (isKindlabError(error) && error.code === 'GO_MISSING') continue;
      throw error;
    }
    computed = true;
    if (fingerprint === label) return { state: 'current', fingerprint, toolchain: await candidate.toolchain() };
  }
  return computed ? { state: 'older' } : { state: 'unknown' };
}

function toolchainsFile(cacheRoot: string): string {
  return join(cacheRoot, 'toolchains.json');
}
