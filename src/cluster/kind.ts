import { accessSync, constants, existsSync, mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { KindlabError } from '../core/errors.js';
import { CommandNotFoundError, run, type RunOptions } from '../core/exec.js';
import { cacheDir } from '../core/paths.js';
import { goEnv } from './images/go-build.js';

/** The kind binary kindlab drives, and where it came from. */
export interface KindBinary {
  path: string;
  version: string;
  source: 'path' | 'cache' | 'built';
}

const installFix = (version: string) =>
  `install kind ${version} (https://kind.sigs.k8s.io/docs/user/quick-start/#installation), or install Go so kindlab can build it from the Go module proxy`;

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

export async function kindVersionOf(path: string): Promise<string> {
  const { stdout } = await run(path, ['version']);
  return /v\d+\.\d+\.\d+[\w.-]*/.exec(stdout)?.[0] ?? stdout.trim();
}

/**
 * Finds kind: on PATH first, then in kindlab's cache; otherwise builds the pinned version from
 * the Go module proxy into the cache (`go install sigs.k8s.io/kind@<version>`).
 */
export async function ensureKind(pinned: string, onLine: (l: string) => void = () => {}): Promise<KindBinary> {
  const fromPath = onPath('kind');
  if (fromPath) return { path: fromPath, version: await kindVersionOf(fromPath), source: 'path' };
  const dir = join(cacheDir(), 'tools', `kind-${pinned}`);
  const cached = join(dir, 'kind');
  if (existsSync(cached)) return { path: cached, version: await kindVersionOf(cached), source: 'cache' };
  mkdirSync(dir, { recursive: true });
  onLine(`building kind ${pinned} from the Go module proxy into ${dir}`);
  try {
    await run('go', ['install', '-trimpath', '-ldflags=-s -w', `sigs.k8s.io/kind@${pinned}`], { env: goEnv({ GOBIN: dir }), onLine, timeoutMs: 15 * 60_000 });
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new KindlabError('KIND_MISSING', 'kind is not installed and Go is not available to build it', { fix: installFix(pinned) });
    }
    throw new KindlabError('KIND_MISSING', `kind is not installed and building it failed: ${(error as Error).message}`, { fix: installFix(pinned), cause: error });
  }
  return { path: cached, version: await kindVersionOf(cached), source: 'built' };
}

/** Only the kind binary already present (never builds): for `doctor`. */
export async function findKind(pinned: string): Promise<KindBinary | undefined> {
  const fromPath = onPath('kind');
  if (fromPath) return { path: fromPath, version: await kindVersionOf(fromPath), source: 'path' };
  const cached = join(cacheDir(), 'tools', `kind-${pinned}`, 'kind');
  if (existsSync(cached)) return { path: cached, version: await kindVersionOf(cached), source: 'cache' };
  return undefined;
}

/** A thin typed surface over the kind CLI. */
export class Kind {
  constructor(readonly binary: KindBinary) {}

  private exec(args: string[], options: RunOptions = {}) {
    return run(this.binary.path, args, options);
  }

  async clusters(): Promise<string[]> {
    const { stdout } = await this.exec(['get', 'clusters']);
    return stdout.split('\n').map((s) => s.trim()).filter((s) => s && !s.startsWith('No kind clusters'));
  }

  async create(options: { name: string; configPath: string; image: string; onLine?: (l: string) => void; retain?: boolean }): Promise<void> {
    const args = ['create', 'cluster', '--name', options.name, '--config', options.configPath, '--image', options.image, '--wait', '0s'];
    if (options.retain) args.push('--retain');
    await this.exec(args, { timeoutMs: 15 * 60_000, ...(options.onLine ? { onLine: options.onLine } : {}) });
  }

  async delete(name: string): Promise<void> {
    await this.exec(['delete', 'cluster', '--name', name], { timeoutMs: 5 * 60_000 });
  }

  async exportKubeconfig(name: string): Promise<void> {
    await this.exec(['export', 'kubeconfig', '--name', name]);
  }

  async load(name: string, refs: string[], onLine?: (l: string) => void): Promise<void> {
    await this.exec(['load', 'docker-image', '--name', name, ...refs], { timeoutMs: 20 * 60_000, ...(onLine ? { onLine } : {}) });
  }
}
