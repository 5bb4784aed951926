import { execa, type Options, type ResultPromise } from 'execa';
import { KindlabError } from './errors.js';

export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  input?: string;
  /** Milliseconds before the command is killed. */
  timeoutMs?: number;
  /** Return a non-zero exit instead of throwing. */
  allowFailure?: boolean;
  /** Called with each line of stdout and stderr as it arrives (for progress). */
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

/** Thrown when a command fails: keeps the command line and the tail of its output. */
export class CommandError extends KindlabError {
  readonly command: string;
  readonly exitCode: number | undefined;
  readonly output: string;

  constructor(command: string, exitCode: number | undefined, output: string, cause?: unknown) {
    const tail = output.trim().split('\n').slice(-15).join('\n');
    super('COMMAND_FAILED', `${command} failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}${tail ? `:\n${tail}` : ''}`, { cause });
    this.command = command;
    this.exitCode = exitCode;
    this.output = output;
  }
}

export class CommandNotFoundError extends KindlabError {
  constructor(readonly program: string, fix?: string) {
    super('COMMAND_NOT_FOUND', `${program} is not installed (not found on PATH)`, fix ? { fix } : {});
  }
}

/**
 * How kindlab runs a program: `run` below, or a fake in tests (kind's Cmder idea), so what decides
 * on a command's output can be tested without Docker or kind.
 */
export type Cmder = (file: string, args: readonly string[], options?: RunOptions) => Promise<RunResult>;

/** Runs a program (no shell) and returns its output; failures become a CommandError. */
export async function run(file: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const execaOptions: Options = {
    reject: false,
    all: true,
    stripFinalNewline: true,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: options.env } : {}),
    ...(options.input !== undefined ? { input: options.input } : {}),
    ...(options.timeoutMs ? { timeout: options.timeoutMs } : {}),
    ...(options.signal ? { cancelSignal: options.signal } : {}),
  };
  const child = execa(file, args, execaOptions) as ResultPromise<Options>;
  if (options.onLine) {
    const onLine = options.onLine;
    for (const stream of [child.stdout, child.stderr]) {
      let pending = '';
      stream?.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onLine(line);
      });
    }
  }
  const result = await child;
  const commandLine = [file, ...args].join(' ');
  if (result.failed && (result as { code?: string }).code === 'ENOENT') {
    throw new CommandNotFoundError(file);
  }
  const exitCode = typeof result.exitCode === 'number' ? result.exitCode : -1;
  const out: RunResult = { stdout: String(result.stdout ?? ''), stderr: String(result.stderr ?? ''), exitCode };
  if (result.failed && !options.allowFailure) {
    const reason = result.timedOut ? `timed out after ${options.timeoutMs} ms` : result.isCanceled ? 'was cancelled' : undefined;
    throw new CommandError(reason ? `${commandLine} (${reason})` : commandLine, result.exitCode, String(result.all ?? ''));
  }
  return out;
}
