import { execa } from 'execa';
import { KindlabError } from '../core/errors.js';
import { CommandNotFoundError, run, type Cmder, type RunOptions } from '../core/exec.js';

/** The Docker CLI, wrapped once: every call that fails says which command and why. */

const dockerFix =
  'start Docker (e.g. `sudo systemctl start docker`; on kindlab build machines `bash ../shared/env/docker-engine.sh`) and run the command again';

export class DockerUnavailableError extends KindlabError {
  constructor(detail: string) {
    super('DOCKER_UNAVAILABLE', `Docker is not reachable: ${detail}`, { fix: dockerFix });
  }
}

export interface DockerInfo {
  serverVersion: string;
  cgroupVersion: string;
  storageDriver: string;
}

export async function dockerInfo(): Promise<DockerInfo> {
  try {
    const { stdout, stderr, exitCode } = await run(
      'docker',
      ['info', '--format', '{{.ServerVersion}}|{{.CgroupVersion}}|{{.Driver}}'],
      { allowFailure: true, timeoutMs: 20_000 },
    );
    const [serverVersion = '', cgroupVersion = '', storageDriver = ''] = stdout.trim().split('|');
    if (exitCode !== 0 || !serverVersion) {
      throw new DockerUnavailableError(lastLine(stderr) || 'docker info failed');
    }
    return { serverVersion, cgroupVersion, storageDriver };
  } catch (error) {
    if (error instanceof CommandNotFoundError) {
      throw new KindlabError('DOCKER_MISSING', 'the docker command is not installed', {
        fix: 'install Docker (https://docs.docker.com/engine/install/) and start it',
      });
    }
    throw error;
  }
}

export interface ImageInfo {
  id: string;
  labels: Record<string, string>;
  sizeBytes: number;
  /** How many filesystem layers it has. */
  layers: number;
}

export async function inspectImage(ref: string): Promise<ImageInfo | undefined> {
  const { stdout, exitCode } = await run('docker', ['image', 'inspect', '--format', '{{json .}}', ref], { allowFailure: true });
  if (exitCode !== 0) return undefined;
  const data = JSON.parse(stdout) as { Id: string; Size: number; Config?: { Labels?: Record<string, string> | null }; RootFS?: { Layers?: string[] } };
  return { id: data.Id, labels: data.Config?.Labels ?? {}, sizeBytes: data.Size, layers: data.RootFS?.Layers?.length ?? 0 };
}

export async function docker(args: readonly string[], options: RunOptions = {}, cmd: Cmder = run): Promise<string> {
  return (await cmd('docker', args, options)).stdout;
}

/** Tries to pull an image; returns false (never throws) when no registry can be reached. */
export async function tryPull(ref: string, timeoutMs = 60_000): Promise<{ ok: boolean; reason: string }> {
  const result = await run('docker', ['pull', '--quiet', ref], { allowFailure: true, timeoutMs });
  return { ok: result.exitCode === 0, reason: lastLine(result.stderr) };
}

/** `docker save` of the given images, a tar on its stdout (streamed, never buffered). */
export function dockerSave(refs: readonly string[]) {
  return execa('docker', ['save', ...refs], { buffer: { stdout: false, stderr: true }, stderr: 'pipe' });
}

/** `docker load` of a tar (or a compressed one) written to its stdin; it resolves, never rejects, with its output. */
export function dockerLoad() {
  return execa('docker', ['load'], { stdin: 'pipe', all: true, reject: false });
}

/** The last line Docker wrote on stderr when a command failed (its reason). */
export function dockerReason(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  return lastLine(typeof stderr === 'string' ? stderr : '') || (error as Error).message;
}

/** Pipes `docker save` of the given images into a command's stdin (e.g. an import in a node). */
export async function saveInto(refs: readonly string[], target: { file: string; args: string[] }): Promise<void> {
  const save = dockerSave(refs);
  const load = execa(target.file, target.args, { reject: false, all: true });
  save.stdout?.pipe(load.stdin!);
  const [saved, loaded] = await Promise.allSettled([save, load]);
  if (saved.status === 'rejected') {
    throw new KindlabError('IMAGE_SAVE_FAILED', `docker save ${refs.join(' ')} failed: ${(saved.reason as Error).message}`);
  }
  if (loaded.status === 'rejected' || loaded.value.exitCode !== 0) {
    const output = loaded.status === 'fulfilled' ? String(loaded.value.all ?? '') : (loaded.reason as Error).message;
    throw new KindlabError('IMAGE_IMPORT_FAILED', `${target.file} ${target.args.join(' ')} failed: ${output.trim().split('\n').slice(-10).join('\n')}`);
  }
}

export interface ContainerState {
  name: string;
  running: boolean;
  status: string;
  /** When the container last started (ms since epoch; 0 if never). */
  startedAt: number;
  labels: Record<string, string>;
}

export async function containersWithLabel(label: string, cmd: Cmder = run): Promise<ContainerState[]> {
  const out = await docker(['ps', '-a', '--filter', `label=${label}`, '--format', '{{.Names}}'], {}, cmd);
  const names = out.split('\n').filter(Boolean);
  if (names.length === 0) return [];
  const raw = await docker(['inspect', '--format', '{{json .}}', ...names], {}, cmd);
  return raw
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const c = JSON.parse(line) as { Name: string; State: { Running: boolean; Status: string; StartedAt?: string }; Config: { Labels: Record<string, string> } };
      const startedAt = Date.parse(c.State.StartedAt ?? '');
      return {
        name: c.Name.replace(/^\//, ''),
        running: c.State.Running,
        status: c.State.Status,
        startedAt: Number.isNaN(startedAt) || startedAt < 0 ? 0 : startedAt,
        labels: c.Config.Labels ?? {},
      };
    });
}

function lastLine(text: string): string {
  return text.trim().split('\n').filter(Boolean).pop() ?? '';
}
