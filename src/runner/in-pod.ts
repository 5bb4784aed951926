import { createHash } from 'node:crypto';
import type { Lab } from './lab.js';

/**
 * The sha256 of a text, in hex: what {@link digestIn} and {@link fileDigest} answer are compared
 * with, so that a value (a Secret's, a file's) is never read back in clear.
 *
 * @example
 * ```ts
 * const [pod] = lab.pods('app=configured').readyNames();
 * lab.check('env GREETING comes from the ConfigMap', (await digestIn(lab, pod!, 'env=GREETING')) === sha256('bonjour'));
 * ```
 * @group Inside a pod
 */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The sha256 of an env var or a file as the app in the pod sees it (query "env=NAME" or
 * "file=/path"), asked of kindlab's demo image (its /checksum endpoint, with busybox's wget): to
 * check where a pod's configuration comes from without reading it in clear. "none (exit N)" if the
 * request failed.
 *
 * @example
 * ```ts
 * const [pod] = lab.pods('app=configured').readyNames();
 * lab.check('env DB_PASSWORD comes from the Secret (compared by digest)', (await digestIn(lab, pod!, 'env=DB_PASSWORD')) === sha256('kindlab-S3cr3t-7f2c9a1e'));
 * lab.check('file settings.conf comes from the ConfigMap', (await digestIn(lab, pod!, 'file=/etc/settings/settings.conf')) === sha256('mode=a\n'));
 * ```
 * @group Inside a pod
 */
export async function digestIn(lab: Lab, pod: string, query: string): Promise<string> {
  const result = await lab.exec(pod, ['wget', '-q', '-O', '-', `http://127.0.0.1:8080/checksum?${query}`]);
  if (result.exitCode !== 0) return `none (exit ${result.exitCode})`;
  return (JSON.parse(result.stdout) as { sha256?: string }).sha256 ?? 'missing';
}

/**
 * Writes 1 MiB of random data to `path` in the pod (needs sh, head and sha256sum, as busybox has):
 * whether it worked, the data's sha256 to compare once the pod is gone, and the error if not.
 *
 * @example
 * ```ts
 * const [pod] = lab.pods('app=keeper').readyNames();
 * const written = await writeRandomFile(lab, pod!, '/data/data.bin');
 * lab.check('write 1 MiB to /data/data.bin', written.ok, written.ok ? undefined : written.error);
 * ```
 * @group Inside a pod
 */
export async function writeRandomFile(lab: Lab, pod: string, path: string): Promise<{ ok: boolean; sha256: string; error: string }> {
  const result = await lab.exec(pod, ['sh', '-c', `head -c 1048576 /dev/urandom > ${path} && sha256sum ${path}`]);
  return { ok: result.exitCode === 0, sha256: result.stdout.trim().split(/\s+/)[0] ?? '', error: result.stderr.trim() || `exit ${result.exitCode}` };
}

/**
 * The sha256 of the file at `path` in the pod, or "absent": whether data outlived a restart or a
 * new pod. Throws if the check itself cannot run in the pod.
 *
 * @example
 * ```ts
 * const [pod] = lab.pods('app=keeper').readyNames();
 * const written = await writeRandomFile(lab, pod!, '/data/data.bin');
 * await lab.deletePod(pod!);
 * const replaced = await lab.expect(lab.pods('app=keeper').replaced(pod!, [pod!], 1), { within: '90s' });
 * const read = await fileDigest(lab, replaced.value.metadata!.name!, '/data/data.bin');
 * lab.check('the new pod reads the same data (same sha256)', read === written.sha256, `read ${read.slice(0, 16)}…`);
 * ```
 * @group Inside a pod
 */
export async function fileDigest(lab: Lab, pod: string, path: string): Promise<string> {
  const result = await lab.exec(pod, ['sh', '-c', `if [ -f ${path} ]; then sha256sum ${path}; else echo absent; fi`]);
  if (result.exitCode !== 0) throw new Error(`reading ${path} in ${pod} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  const out = result.stdout.trim();
  return out === 'absent' ? 'absent' : (out.split(/\s+/)[0] ?? '');
}

/**
 * Makes kindlab's demo app in the pod hold `mb` MiB of memory in all (its /allocate, asked with
 * busybox's wget): the working set an exercise grades, imposed from the grader's side rather than
 * left to the student's env. Never throws: a container killed on the way answers `ok: false`.
 *
 * @example
 * ```ts
 * const [pod] = lab.pods('app=sized').readyNames();
 * const load = await holdMemory(lab, pod!, 96);
 * lab.note(load.ok ? `the app holds ${load.heldMiB} MiB` : `asking the app to hold 96 MiB: ${load.error}`);
 * await lab.expectNot(lab.pods('app=sized').terminatedWith('OOMKilled'), { for: '10s', what: 'the container is never OOMKilled once it holds 96 MiB' });
 * ```
 * @group Inside a pod
 */
export async function holdMemory(lab: Lab, pod: string, mb: number): Promise<{ ok: boolean; heldMiB: number; error: string }> {
  const result = await lab.exec(pod, ['wget', '-q', '-O', '-', '--post-data=', `http://127.0.0.1:8080/allocate?totalMb=${mb}`]).catch((e: unknown) => ({ exitCode: -1, stdout: '', stderr: e instanceof Error ? e.message : String(e) }));
  let held = 0;
  try {
    held = (JSON.parse(result.stdout) as { allocatedMiB?: number }).allocatedMiB ?? 0;
  } catch {
    // no answer: the container was killed, or is not kindlab's demo app
  }
  return { ok: result.exitCode === 0 && held >= mb, heldMiB: held, error: result.stderr.trim() || `exit ${result.exitCode}` };
}
