import { chmodSync, copyFileSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from '../../core/exec.js';
import { fromProject } from '../../core/paths.js';
import type { ImageSpec } from './catalog.js';

export const fingerprintLabel = 'io.kindlab.fingerprint';

export interface ImageInputs {
  /** Absolute path of each file to put in the image, by destination. */
  files: Record<string, string>;
  /** Absolute path of a static busybox, if the image gets one. */
  busybox?: string;
  /** Applets to link to busybox in /bin. */
  applets?: string[];
  /** Docker reference of the base tree; none means an empty image. */
  baseRef?: string;
}

/** The Dockerfile of a catalog image: only COPY and metadata, so no container runs to build it. */
export function imageDockerfile(spec: ImageSpec, inputs: ImageInputs, labels: Record<string, string>): string {
  const lines = [`FROM ${inputs.baseRef ?? 'scratch'}`, 'COPY rootfs/ /'];
  lines.push('ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  if (spec.entrypoint) lines.push(`ENTRYPOINT ${JSON.stringify(spec.entrypoint)}`);
  if (spec.cmd) lines.push(`CMD ${JSON.stringify(spec.cmd)}`);
  const labelText = Object.entries({ ...labels, 'org.opencontainers.image.description': spec.for })
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  lines.push(`LABEL ${labelText}`);
  return `${lines.join('\n')}\n`;
}

/** Lays out the build context (rootfs/ + Dockerfile) and runs `docker build`. */
export async function buildCatalogImage(
  spec: ImageSpec,
  inputs: ImageInputs,
  contextDir: string,
  labels: Record<string, string>,
  onLine: (l: string) => void,
): Promise<void> {
  rmSync(contextDir, { recursive: true, force: true });
  const root = join(contextDir, 'rootfs');
  mkdirSync(join(root, 'tmp'), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  if (!inputs.baseRef) {
    // An empty image still needs to know who root is (some programs look themselves up).
    mkdirSync(join(root, 'etc'), { recursive: true });
    writeFileSync(join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n');
    writeFileSync(join(root, 'etc/group'), 'root:x:0:\nnogroup:x:65534:\n');
  }
  if (inputs.busybox) {
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync(inputs.busybox, join(root, 'bin/busybox'));
    chmodSync(join(root, 'bin/busybox'), 0o755);
    for (const applet of inputs.applets ?? []) {
      if (applet !== 'busybox') symlinkSync('busybox', join(root, 'bin', applet));
    }
  }
  for (const [dest, source] of Object.entries(inputs.files)) {
    const target = join(root, dest);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    chmodSync(target, 0o755);
  }
  writeFileSync(join(contextDir, 'Dockerfile'), imageDockerfile(spec, inputs, labels));
  await run('docker', ['build', '--quiet', '-t', spec.ref, contextDir], { onLine, timeoutMs: 15 * 60_000 });
  rmSync(contextDir, { recursive: true, force: true });
}

/** The applets a busybox binary provides (it runs on the build host: it is static). */
export async function busyboxApplets(busybox: string): Promise<string[]> {
  const { stdout } = await run(busybox, ['--list']);
  return stdout.split('\n').map((s) => s.trim()).filter((s) => s !== '' && !s.includes('/'));
}

/** `docker build` of a recipe's own Dockerfile (it pulls its FROM images: online only). */
export async function buildFromDockerfile(
  spec: ImageSpec,
  online: { context: string; args: Record<string, string> },
  labels: Record<string, string>,
  onLine: (l: string) => void,
): Promise<void> {
  const args = Object.entries(online.args).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]);
  const labelArgs = Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  await run('docker', ['build', '--quiet', ...args, ...labelArgs, '-t', spec.ref, fromProject(online.context)], { onLine, timeoutMs: 20 * 60_000 });
}
