import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KindlabError } from '../core/errors.js';
import { CommandNotFoundError, run } from '../core/exec.js';
import { cacheDir } from '../core/paths.js';
import { goEnv } from './images/go-build.js';

/** A command-line tool kindlab pins and, when it is missing, builds from the Go module proxy. */
export interface GoTool {
  name: string;
  /** The package `go install` builds, e.g. sigs.k8s.io/kind. */
  package: string;
  version: string;
  /** Arguments that make it print its version. */
  versionArgs: string[];
  /** How to install it by hand, for the error message. */
  installHint: string;
}

export interface ToolBinary {
  path: string;
  version: string;
  source: 'path' | 'cache' | 'built';
}

export const kindTool = (version: string): GoTool => ({ name: 'kind', package: 'sigs.k8s.io/kind', version, versionArgs: ['version'], installHint: `install kind ${version} (https://kind.sigs.k8s.io/docs/user/quick-start/#installation)` });
export const actionlintTool: GoTool = { name: 'actionlint', package: 'github.com/rhysd/actionlint/cmd/actionlint', version: 'v1.7.12', versionArgs: ['-version'], installHint: 'install actionlint v1.7.12 (https://github.com/rhysd/actionlint)' };

/**
 * The pinned version of a tool: on PATH if that one is the pinned version (runners often carry an
 * older one), else kindlab's cache. Never builds (for `doctor`).
 */
export async function findTool(tool: GoTool): Promise<ToolBinary | undefined> {
  const fromPath = onPath(tool.name);
  if (fromPath) {
    const version = await versionOf(tool, fromPath).catch(() => '');
    if (version === tool.version) return { path: fromPath, version, source: 'path' };
  }
  const cached = join(toolDir(tool), tool.name);
  if (existsSync(cached)) return { path: cached, version: await versionOf(tool, cached), source: 'cache' };
  return undefined;
}

/** The pinned version of a tool, built into kindlab's cache with `go install` when it is nowhere. */
export async function ensureTool(tool: GoTool, onLine: (l: string) => void = () => {}): Promise<ToolBinary> {
  const found = await findTool(tool);
  if (found) return found;
  const dir = toolDir(tool);
  mkdirSync(dir, { recursive: true });
  onLine(`building ${tool.name} ${tool.version} from the Go module proxy into ${dir}`);
  const fix = `${tool.installHint}, or install Go so kindlab can build it from the Go module proxy`;
  try {
    await run('go', ['install', '-trimpath', '-ldflags=-s -w', `${tool.package}@${tool.version}`], { env: goEnv({ GOBIN: dir }), onLine, timeoutMs: 15 * 60_000 });
  } catch (error) {
    const why = error instanceof CommandNotFoundError ? 'Go is not available to build it' : `building it failed: ${(error as Error).message}`;
    throw new KindlabError(`${tool.name.toUpperCase()}_MISSING`, `${tool.name} ${tool.version} is not installed and ${why}`, { fix, cause: error });
  }
  const path = join(dir, tool.name);
  return { path, version: await versionOf(tool, path), source: 'built' };
}

function toolDir(tool: GoTool): string {
  return join(cacheDir(), 'tools', `${tool.name}-${tool.version}`);
}

async function versionOf(tool: GoTool, path: string): Promise<string> {
  const { stdout } = await run(path, tool.versionArgs);
  return /v\d+\.\d+\.\d+[\w.-]*/.exec(stdout)?.[0] ?? stdout.trim();
}

function onPath(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
