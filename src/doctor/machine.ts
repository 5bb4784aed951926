import { statfsSync } from 'node:fs';
import { messageOf } from '../core/errors.js';
import { cacheDir } from '../core/paths.js';
import { dockerInfo, findKind, inspectImage, nodeContainers } from '../cluster/index.js';
import { kindlabClusterName } from '../kube/client.js';
import { upstreamRunsOn } from '../setup/images.js';
import { supportDaysLeft } from '../cluster/images/releases.js';
import { fail, ok, type Check, type DoctorState } from './check.js';

const minFreeBytes = 10 * 1024 ** 3;

/** What the machine needs before there is a cluster: Docker, kind, a node image, the node containers, disk. */
export const machineChecks: Check[] = [
  {
    id: 'docker',
    title: 'Docker is reachable',
    needs: [],
    async run(state) {
      try {
        const info = await dockerInfo();
        state.docker = true;
        state.cgroupVersion = info.cgroupVersion;
        return ok(`engine ${info.serverVersion}, storage ${info.storageDriver}, cgroup v${info.cgroupVersion}`);
      } catch (error) {
        return fail(messageOf(error), 'start Docker: `sudo systemctl start docker` (kindlab build machines: `bash ../shared/env/docker-engine.sh`)');
      }
    },
  },
  {
    id: 'kind',
    title: 'kind is installed',
    needs: [],
    async run(state) {
      const kind = await findKind(state.catalog.kind).catch(() => undefined);
      if (!kind) return fail('kind is neither on PATH nor in the kindlab cache', '`kindlab up` builds it with Go, or install kind: https://kind.sigs.k8s.io/docs/user/quick-start/#installation');
      return ok(`${kind.version} (${kind.path})`);
    },
  },
  {
    id: 'node-image',
    title: 'a node image is present',
    needs: ['docker'],
    async run(state) {
      const node = state.catalog.node;
      const upstream = upstreamRunsOn({ cgroupVersion: state.cgroupVersion, kubernetes: state.catalog.kubernetes });
      const found = await nodeImageHere(state);
      if (found === 'upstream') return ok(`${node.upstream.split('@')[0]} (kind's published image)`);
      if (found === 'offline') return ok(`${node.offline} (built offline)${upstream.ok ? '' : `; ${upstream.why}`}`);
      if (!upstream.ok) return fail(`${upstream.why}, and ${node.offline} is not built yet`, `${importFix}, or \`kindlab up\` (builds it here: about 25 minutes the first time)`);
      return fail(`neither ${node.upstream.split('@')[0]} nor ${node.offline} is in Docker`, `\`kindlab up\` (pulls it, or builds it offline: \`kindlab images build\`), or with no registry ${importFix}`);
    },
  },
  {
    id: 'cluster',
    title: `cluster ${kindlabClusterName} exists and its nodes run`,
    needs: ['docker'],
    async run(state) {
      state.nodes = await nodeContainers(kindlabClusterName);
      if (state.nodes.length === 0) return fail('no kindlab node containers', '`kindlab up`');
      const stopped = state.nodes.filter((n) => !n.running);
      if (stopped.length) return fail(`stopped: ${stopped.map((n) => `${n.name} (${n.status})`).join(', ')}`, '`kindlab up` (starts them again)');
      return ok(state.nodes.map((n) => `${n.name} (${n.role})`).join(', '));
    },
  },
];

/** The fix for a machine with no registry, where building takes 17–48 minutes. */
export const importFix = '`kindlab images import FILE` (an archive `kindlab images export FILE` wrote on a machine that has the images)';

/** Which node image `kindlab up` would use from Docker: kind's published one where it runs here, else kindlab's. */
export async function nodeImageHere(state: DoctorState): Promise<'upstream' | 'offline' | undefined> {
  const node = state.catalog.node;
  if (upstreamRunsOn({ cgroupVersion: state.cgroupVersion, kubernetes: state.catalog.kubernetes }).ok && (await inspectImage(node.upstream))) return 'upstream';
  return (await inspectImage(node.offline)) ? 'offline' : undefined;
}

/** The pinned Kubernetes release, and how long it is supported (end of life from kubernetes.io/releases). */
export const supportCheck: Check = {
  id: 'kubernetes',
  title: 'the pinned Kubernetes release is supported',
  needs: [],
  async run(state) {
    const release = state.catalog.release;
    const days = supportDaysLeft(release);
    const others = Object.keys(state.catalog.releases).filter((v) => v !== release.kubernetes);
    if (days < 0) return fail(`Kubernetes ${release.kubernetes}: support ended on ${release.supportEnds}`, `\`kindlab up --kubernetes <version>\` with a supported one (${others.join(', ')})`);
    return ok(`Kubernetes ${release.kubernetes}, supported until ${release.supportEnds} (${days} days left)${release.tested ? `; tested: ${release.tested}` : '; not tested by kindlab'}`);
  },
};

export const diskCheck: Check = {
  id: 'disk',
  title: 'free disk for images and caches',
  needs: [],
  async run() {
    const places = ['/var/lib/docker', cacheDir()].map((path) => ({ path, free: freeBytes(path) }));
    const known = places.filter((p) => p.free !== undefined) as Array<{ path: string; free: number }>;
    const low = known.filter((p) => p.free < minFreeBytes);
    const detail = known.map((p) => `${(p.free / 1024 ** 3).toFixed(1)} GiB free at ${p.path}`).join(', ') || 'unknown';
    if (low.length) return fail(detail, '`docker system prune` (or free disk space); kindlab needs about 10 GiB');
    return ok(detail);
  },
};

function freeBytes(path: string): number | undefined {
  for (let p = path; p.length > 0; p = p.slice(0, Math.max(p.lastIndexOf('/'), 0))) {
    try {
      const s = statfsSync(p || '/');
      return s.bavail * s.bsize;
    } catch {
      if (p === '/') break;
    }
  }
  return undefined;
}
