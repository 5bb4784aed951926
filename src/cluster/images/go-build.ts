import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KindlabError } from '../../core/errors.js';
import { CommandNotFoundError, run } from '../../core/exec.js';
import type { GoRecipe } from './catalog.js';

/** Environment of every Go build: static binaries, the public module proxy, no VCS stamping. */
export function goEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    CGO_ENABLED: '0',
    GOFLAGS: '-buildvcs=false',
    GOPROXY: process.env.GOPROXY && !process.env.GOPROXY.includes('direct') ? process.env.GOPROXY : 'https://proxy.golang.org',
    ...extra,
  };
}

export async function goVersion(): Promise<string> {
  try {
    return (await run('go', ['env', 'GOVERSION'])).stdout.trim();
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new KindlabError('GO_MISSING', 'Go is needed to build images offline but is not installed', {
        fix: 'install Go ≥ 1.24 (https://go.dev/dl/ or your package manager), or use the published images online',
      });
    }
    throw error;
  }
}

/** The name `go build` gives a package's binary: its last element, skipping a /vN suffix. */
export function naturalBinaryName(importPath: string): string {
  const parts = importPath.split('/');
  const last = parts.at(-1) ?? importPath;
  return /^v\d+$/.test(last) && parts.length > 1 ? parts.at(-2)! : last;
}

/** "v1.34.0" -> "v0.34.0": the version Kubernetes publishes its staging modules at. */
export function stagingVersion(kubernetesVersion: string): string {
  return kubernetesVersion.replace(/^v1\./, 'v0.');
}

/** Reads the `=> ./staging/...` replace lines of Kubernetes' go.mod. */
export function stagingModulesOf(goMod: string): string[] {
  return [...goMod.matchAll(/^\s*(k8s\.io\/[\w.-]+)\s*=>\s*\.\/staging\//gm)].map((m) => m[1]!);
}

/** The -ldflags a recipe needs (strip symbols, plus version stamps). */
export function goLdflags(recipe: GoRecipe, info: { time?: string } = {}): string {
  const flags = ['-s', '-w', ...recipe.ldflags];
  if (recipe.versionFlags === 'kubernetes') {
    const [, major = '1', minor = '0'] = /^v(\d+)\.(\d+)/.exec(recipe.version) ?? [];
    const values: Record<string, string> = {
      gitVersion: recipe.version,
      gitMajor: major,
      gitMinor: minor,
      gitTreeState: 'archive',
      buildDate: info.time ?? '1970-01-01T00:00:00Z',
    };
    for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
      for (const [name, value] of Object.entries(values)) flags.push(`-X ${pkg}.${name}=${value}`);
    }
  }
  return flags.join(' ');
}

/** go.mod of the wrapper module: requires the upstream module and carries the replaces it needs. */
export function wrapperGoMod(recipe: GoRecipe, stagingModules: string[]): string {
  const replaces = { ...recipe.replace };
  for (const m of stagingModules) replaces[m] = `${m} ${stagingVersion(recipe.version)}`;
  const lines = ['module kindlab.local/build', '', 'go 1.22', '', `require ${recipe.module} ${recipe.version}`, ''];
  const entries = Object.entries(replaces).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length > 0) {
    lines.push('replace (');
    for (const [from, to] of entries) lines.push(`\t${from} => ${to}`);
    lines.push(')', '');
  }
  return lines.join('\n');
}

export function wrapperToolsGo(recipe: GoRecipe): string {
  const imports = recipe.packages.map((p) => `\t_ "${importPathOf(recipe, p)}"`).join('\n');
  return `//go:build tools\n\n// Package build pins the commands kindlab builds from ${recipe.module}.\npackage build\n\nimport (\n${imports}\n)\n`;
}

export function importPathOf(recipe: GoRecipe, pkg: string): string {
  return pkg === '.' ? recipe.module : `${recipe.module}/${pkg}`;
}

interface ModuleInfo {
  GoMod: string;
  Time?: string;
  Error?: string;
}

/**
 * Builds a Go recipe into `outDir` through a wrapper module in `workDir`. Go's module and build
 * caches make a repeated build cheap; the caller decides whether it is needed at all.
 */
export async function buildGoRecipe(recipe: GoRecipe, workDir: string, outDir: string, onLine: (l: string) => void): Promise<void> {
  const env = goEnv();
  const info = await downloadModule(recipe, env);
  const staging = recipe.stagingModules ? stagingModulesOf(readFileSync(info.GoMod, 'utf8')) : [];
  if (recipe.stagingModules && staging.length === 0) {
    throw new KindlabError('GO_BUILD_FAILED', `${recipe.module}@${recipe.version}: no staging modules found in its go.mod`);
  }
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, 'go.mod'), wrapperGoMod(recipe, staging));
  writeFileSync(join(workDir, 'tools.go'), wrapperToolsGo(recipe));
  await run('go', ['mod', 'tidy'], { cwd: workDir, env, onLine });

  const tmpOut = `${outDir}.partial`;
  rmSync(tmpOut, { recursive: true, force: true });
  mkdirSync(tmpOut, { recursive: true });
  const ldflags = goLdflags(recipe, info.Time ? { time: info.Time } : {});
  const tags = recipe.tags.length ? ['-tags', recipe.tags.join(',')] : [];
  const importPaths = recipe.packages.map((p) => importPathOf(recipe, p));
  // One `go build` for all packages: they share one action graph, so both cores stay busy.
  const target = importPaths.length === 1 ? join(tmpOut, naturalBinaryName(importPaths[0]!)) : `${tmpOut}/`;
  onLine(`go build ${importPaths.join(' ')}`);
  await run('go', ['build', '-trimpath', ...tags, '-ldflags', ldflags, '-o', target, ...importPaths], { cwd: workDir, env, onLine });
  for (const importPath of importPaths) {
    const natural = naturalBinaryName(importPath);
    const wanted = recipe.rename[natural];
    if (wanted && wanted !== natural) renameSync(join(tmpOut, natural), join(tmpOut, wanted));
  }
  rmSync(outDir, { recursive: true, force: true });
  renameSync(tmpOut, outDir);
}

async function downloadModule(recipe: GoRecipe, env: Record<string, string>): Promise<ModuleInfo> {
  const { stdout } = await run('go', ['mod', 'download', '-json', `${recipe.module}@${recipe.version}`], { env, allowFailure: true });
  let info: ModuleInfo;
  try {
    info = JSON.parse(stdout) as ModuleInfo;
  } catch {
    throw new KindlabError('GO_MODULE_UNAVAILABLE', `go mod download ${recipe.module}@${recipe.version} printed no module information`);
  }
  if (info.Error) {
    throw new KindlabError('GO_MODULE_UNAVAILABLE', `${recipe.module}@${recipe.version} cannot be downloaded: ${info.Error}`, {
      fix: 'check that the Go module proxy is reachable (GOPROXY) and the version in images/catalog.yaml exists',
    });
  }
  return info;
}
