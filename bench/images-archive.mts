/**
 * An air-gapped classroom's path with one archive, measured:
 * 1. `kindlab images export`: every image `kindlab up` needs into one file (time, size);
 * 2. `kindlab images import` on a fresh machine, approximated by a throwaway Docker daemon beside
 *    this machine's (its own data root, socket and containerd; no bridge, no iptables) and no Go on
 *    PATH, as on a classroom machine;
 * 3. what `kindlab up` then decides about images there (the same calls as up.ts): nothing to build;
 * 4. with --compare, the same archive through `docker load -i` alone (Docker decompresses it).
 * Not measured: creating the cluster and its add-ons on that machine (three more kind nodes would
 * load a shared machine for minutes); `kindlab up`'s own steps say how long those take.
 *
 *   sudo npx tsx bench/images-archive.mts [--compare] [--keep FILE]      (npm run bench:images)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerInfo, exportImages, ImageBuilder, importImages, megabytes } from '../src/cluster/index.js';
import { run } from '../src/core/exec.js';
import { catalogImagesFor, chooseNodeImage, dockerNodeImageSources, ensureClusterImages, PullPolicy } from '../src/setup/images.js';
import { catalogFor } from '../src/setup/release.js';

const flag = (name: string) => process.argv.includes(name);
const keep = process.argv[process.argv.indexOf('--keep') + 1];
const work = mkdtempSync(join(tmpdir(), 'kindlab-bench-archive-'));
const file = flag('--keep') && keep ? keep : join(work, 'kindlab-images.tar.gz');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const timed = async <T,>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = Date.now();
  return [await work(), Date.now() - started];
};
if (process.getuid?.() !== 0) throw new Error('run as root: the fresh machine is a second Docker daemon');

/** A second dockerd that shares nothing with the main one but the kernel. */
async function throwawayDaemon(): Promise<{ host: string; stop: () => Promise<void> }> {
  const root = join(work, 'dockerd');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'daemon.json'), '{}');
  const host = `unix://${root}/docker.sock`;
  const args = ['--config-file', join(root, 'daemon.json'), '--data-root', join(root, 'data'), '--exec-root', join(root, 'exec'), '--pidfile', join(root, 'docker.pid'), '--host', host,
    '--bridge', 'none', '--iptables=false', '--ip-masq=false', '--ip-forward=false', '--default-address-pool', 'base=10.231.0.0/16,size=24',
    '--containerd-namespace', 'kindlab-bench', '--containerd-plugins-namespace', 'kindlab-bench-plugins'];
  const daemon = spawn('dockerd', args, { stdio: ['ignore', 'ignore', 'ignore'] });
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  for (let i = 0; ; i++) {
    if ((await run('docker', ['-H', host, 'info', '--format', '{{.ServerVersion}}'], { allowFailure: true })).exitCode === 0) break;
    if (i > 120) throw new Error('the throwaway dockerd did not start');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    host,
    stop: async () => {
      daemon.kill('SIGTERM');
      await exited;
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** This machine's environment, as a classroom machine has it: another Docker, no Go, an empty cache. */
function asClassroom(host: string, cache: string): () => void {
  const saved = { DOCKER_HOST: process.env.DOCKER_HOST, PATH: process.env.PATH, KINDLAB_CACHE_DIR: process.env.KINDLAB_CACHE_DIR };
  process.env.DOCKER_HOST = host;
  process.env.PATH = (process.env.PATH ?? '').split(':').filter((dir) => !existsSync(join(dir, 'go'))).join(':');
  process.env.KINDLAB_CACHE_DIR = cache;
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

const catalog = catalogFor();
const [exported, exportMs] = await timed(() => exportImages({ file, catalog }));
console.log(`export: ${exported.index.images.length} images → ${megabytes(exported.index.archiveBytes)} in ${seconds(exportMs)}`);

const daemon = await throwawayDaemon();
const cache = join(work, 'classroom-cache');
const restore = asClassroom(daemon.host, cache);
try {
  const [imported, importMs] = await timed(() => importImages({ file, cacheRoot: cache }));
  console.log(`import on a fresh daemon: ${seconds(importMs)} (${imported.current.length} current, ${imported.older.length} older)`);

  // What `kindlab up` decides about images on that machine, with no registry and no Go.
  const builder = new ImageBuilder({ catalog, cacheRoot: cache });
  const pulls = new PullPolicy('offline');
  const [decided, decideMs] = await timed(async () => ({
    node: await chooseNodeImage(catalog.node, 'offline', { cgroupVersion: (await dockerInfo()).cgroupVersion, kubernetes: catalog.kubernetes }, dockerNodeImageSources(builder, pulls, () => {}), () => {}),
    images: await ensureClusterImages(builder, catalogImagesFor(builder, 'cluster'), pulls, () => {}),
  }));
  const outcomes = decided.images.map((r) => r.outcome);
  console.log(`kindlab up's images there: node image ${decided.node.outcome}, ${outcomes.filter((o) => o === 'cached').length} cached, ${outcomes.filter((o) => o === 'built').length} built, in ${seconds(decideMs)}`);
  console.log(`fresh machine, archive copied → every image ready for \`kindlab up\`: ${seconds(importMs + decideMs)}`);
} finally {
  restore();
  await daemon.stop();
}

if (flag('--compare')) {
  const fresh = await throwawayDaemon();
  try {
    const [, loadMs] = await timed(() => run('docker', ['-H', fresh.host, 'load', '-i', file], { timeoutMs: 20 * 60_000 }));
    console.log(`docker load -i of the same archive on a fresh daemon (Docker decompresses): ${seconds(loadMs)}`);
  } finally {
    await fresh.stop();
  }
}
if (!flag('--keep')) rmSync(work, { recursive: true, force: true });
