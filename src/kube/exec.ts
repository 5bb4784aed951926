import { Writable } from 'node:stream';
import { Exec, type V1Status } from '@kubernetes/client-node';
import { KindlabError } from '../core/errors.js';
import type { KubeClient } from './client.js';
import { toKubeError } from './errors.js';

/**
 * What a command run in a pod by {@link Lab.exec} printed, and how it exited.
 *
 * @group Results and options
 */
export interface ExecResult {
  stdout: string;
  stderr: string;
  /** 0 when the command succeeded. */
  exitCode: number;
}

export interface ExecOptions {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  timeoutMs?: number;
}

/** `kubectl exec`, as a function: runs a command in a container and returns its output and exit code. */
export async function execInPod(client: KubeClient, options: ExecOptions): Promise<ExecResult> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        append(chunk.toString('utf8'));
        callback();
      },
    });
  const container = options.container ?? (await firstContainer(client, options.namespace, options.pod));
  const what = `exec ${options.command.join(' ')} in ${options.namespace}/${options.pod}`;
  return new Promise<ExecResult>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      reject(new KindlabError('EXEC_TIMEOUT', `${what}: no answer within ${options.timeoutMs ?? 30_000} ms`));
    }, options.timeoutMs ?? 30_000);
    const done = (result: ExecResult | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    new Exec(client.config)
      .exec(options.namespace, options.pod, container, options.command, sink((s) => (stdout += s)), sink((s) => (stderr += s)), null, false, (status: V1Status) => {
        // The status arrives before the socket closes; let buffered output land first.
        setImmediate(() => done({ stdout, stderr, exitCode: exitCodeOf(status) }));
      })
      .then((socket) => {
        // Closed without a status: the process (or its container) went away mid-command.
        socket.on('close', () => setImmediate(() => done({ stdout, stderr, exitCode: -1 })));
        socket.on('error', (error: Error) => done(toKubeError(error, what)));
      })
      .catch((error: unknown) => done(toKubeError(error, what)));
  });
}

export function exitCodeOf(status: V1Status): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  return cause?.message ? Number(cause.message) : 1;
}

async function firstContainer(client: KubeClient, namespace: string, pod: string): Promise<string> {
  try {
    const p = await client.core.readNamespacedPod({ namespace, name: pod });
    return p.spec?.containers[0]?.name ?? '';
  } catch (error) {
    throw toKubeError(error, `reading pod ${namespace}/${pod}`);
  }
}
