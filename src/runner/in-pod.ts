import { createHash } from 'node:crypto';
import type { Lab } from './lab.js';

/**
 * What labs and exercises ask inside a pod of kindlab's demo image (busybox's sh and wget are there):
 * digests only — a value (a Secret's, a file's) is never read back in clear.
 */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The demo's own digest of an env var or a file: query "env=NAME" or "file=/path". */
export async function digestIn(lab: Lab, pod: string, query: string): Promise<string> {
  const result = await lab.exec(pod, ['wget', '-q', '-O', '-', `http://127.0.0.1:8080/checksum?${query}`]);
  if (result.exitCode !== 0) return `none (exit ${result.exitCode})`;
  return (JSON.parse(result.stdout) as { sha256?: string }).sha256 ?? 'missing';
}

/** Writes 1 MiB of random data to `path`: the exec's exit, and the data's sha256. */
export async function writeRandomFile(lab: Lab, pod: string, path: string): Promise<{ ok: boolean; sha256: string; error: string }> {
  const result = await lab.exec(pod, ['sh', '-c', `head -c 1048576 /dev/urandom > ${path} && sha256sum ${path}`]);
  return { ok: result.exitCode === 0, sha256: result.stdout.trim().split(/\s+/)[0] ?? '', error: result.stderr.trim() || `exit ${result.exitCode}` };
}

/** The sha256 of the file at `path` in the pod, or "absent". */
export async function fileDigest(lab: Lab, pod: string, path: string): Promise<string> {
  const result = await lab.exec(pod, ['sh', '-c', `if [ -f ${path} ]; then sha256sum ${path}; else echo absent; fi`]);
  if (result.exitCode !== 0) throw new Error(`reading ${path} in ${pod} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  const out = result.stdout.trim();
  return out === 'absent' ? 'absent' : (out.split(/\s+/)[0] ?? '');
}
