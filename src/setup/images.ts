import { KindlabError, messageOf } from '../core/errors.js';
import { fingerprintLabel, ImageBuilder, inspectImage, tryPull, type ImageResult, type ImageSpec } from '../cluster/index.js';

/**
 * Where images come from: `online` pulls published images, `offline` builds them here from Go
 * modules and Debian packages, `auto` uses what is already local, then tries to pull, then builds.
 */
export type ImageMode = 'auto' | 'online' | 'offline';

export interface NodeImageChoice {
  ref: string;
  source: 'upstream' | 'offline';
  outcome: 'present' | 'pulled' | 'cached' | 'built';
}

/** Remembers that the registry was unreachable, so one run does not try every image in turn. */
export class PullPolicy {
  private unreachable = false;

  constructor(readonly mode: ImageMode) {}

  async tryPull(ref: string, onLine: (l: string) => void): Promise<boolean> {
    if (this.mode === 'offline' || this.unreachable) return false;
    onLine(`pulling ${ref}`);
    const { ok, reason } = await tryPull(ref);
    if (!ok) {
      onLine(`cannot pull ${ref}: ${reason}`);
      this.unreachable = true;
      if (this.mode === 'online') {
        throw new KindlabError('PULL_FAILED', `cannot pull ${ref}: ${reason}`, { fix: 'check the network, or build images here with --images offline' });
      }
    }
    return ok;
  }
}

/** What choosing the node image touches, behind one interface (Docker and the builder; fakes in tests). */
export interface NodeImageSources {
  /** The image's kindlab fingerprint label ('' for an upstream image), or undefined when absent. */
  present(ref: string): Promise<string | undefined>;
  pull(ref: string): Promise<boolean>;
  /** The offline node image's fingerprint, as a build would make it now. */
  fingerprint(): Promise<string | undefined>;
  build(): Promise<{ ref: string; outcome: string }>;
}

export interface NodeImageNeeds {
  /** The host's cgroup version ("1" or "2"). */
  cgroupVersion: string;
  /** kind's published node images for Kubernetes 1.35 and later do not run on cgroup v1 hosts. */
  kubernetes: string;
}

/**
 * Picks the node image: kind's published one when it is here or can be pulled (and this host can
 * run it), else ours, built here. With no registry, the pull fails and the build happens.
 */
export async function chooseNodeImage(node: { upstream: string; offline: string }, mode: ImageMode, host: NodeImageNeeds, sources: NodeImageSources, onLine: (l: string) => void): Promise<NodeImageChoice> {
  const upstreamRuns = upstreamRunsOn(host);
  if (!upstreamRuns.ok) {
    if (mode === 'online') throw new KindlabError('ONLINE_IMAGE_UNUSABLE', upstreamRuns.why, { fix: 'use `kindlab up --images offline` (builds the node image here), or a host with cgroup v2' });
    onLine(`${upstreamRuns.why}: using the node image built here`);
  }
  if (mode !== 'offline' && upstreamRuns.ok && (await sources.present(node.upstream)) !== undefined) return { ref: node.upstream, source: 'upstream', outcome: 'present' };
  if (mode === 'auto' || !upstreamRuns.ok) {
    const label = await sources.present(node.offline);
    if (label && label === (await sources.fingerprint().catch(() => undefined))) return { ref: node.offline, source: 'offline', outcome: 'cached' };
  }
  if (mode !== 'offline' && upstreamRuns.ok && (await sources.pull(node.upstream))) return { ref: node.upstream, source: 'upstream', outcome: 'pulled' };
  const result = await sources.build();
  return { ref: result.ref, source: 'offline', outcome: result.outcome === 'built' ? 'built' : 'cached' };
}

/** Whether kind's published node image runs on this host: not on cgroup v1 from Kubernetes 1.35 on. */
export function upstreamRunsOn(host: NodeImageNeeds): { ok: true } | { ok: false; why: string } {
  const minor = Number(/^v1\.(\d+)\./.exec(host.kubernetes)?.[1] ?? 0);
  if (host.cgroupVersion === '1' && minor >= 35) {
    return { ok: false, why: `kind's published node images for Kubernetes 1.35 and later do not run on cgroup v1 hosts, and this host has cgroup v1` };
  }
  return { ok: true };
}

/** The real sources: Docker, the pull policy and the offline builder. */
export function dockerNodeImageSources(builder: ImageBuilder, pulls: PullPolicy, onLine: (l: string) => void): NodeImageSources {
  return {
    present: async (ref) => {
      const image = await inspectImage(ref);
      return image ? (image.labels[fingerprintLabel] ?? '') : undefined;
    },
    pull: (ref) => pulls.tryPull(ref, onLine),
    fingerprint: () => builder.nodeFingerprint(),
    build: () => builder.ensureNodeImage(),
  };
}

/** Makes sure each image is in Docker: kindlab's own are built, upstream ones found, pulled or built. */
export async function ensureClusterImages(builder: ImageBuilder, specs: ImageSpec[], pulls: PullPolicy, onLine: (l: string) => void): Promise<ImageResult[]> {
  const results: ImageResult[] = [];
  for (const spec of specs) {
    const ours = spec.ref.includes('kindlab/');
    const started = Date.now();
    if (!ours && pulls.mode !== 'offline') {
      const present = await inspectImage(spec.ref);
      if (present && present.labels[fingerprintLabel] === undefined) {
        results.push({ ref: spec.ref, outcome: 'upstream', fingerprint: '', durationMs: Date.now() - started });
        continue;
      }
      if (!present && (await pulls.tryPull(spec.ref, onLine))) {
        results.push({ ref: spec.ref, outcome: 'upstream', fingerprint: '', durationMs: Date.now() - started });
        continue;
      }
    }
    try {
      results.push(await builder.ensureImage(spec));
    } catch (error) {
      throw new KindlabError('IMAGE_UNAVAILABLE', `image ${spec.ref} could not be pulled nor built: ${messageOf(error)}`, { cause: error });
    }
  }
  return results;
}

/**
 * A course's own images (its kindlab.yaml names them): already in Docker (imported from an archive,
 * or pulled before), else pulled where a registry answers; never built, as kindlab has no recipe.
 */
export async function ensureCourseImages(refs: readonly string[], pulls: PullPolicy, onLine: (l: string) => void): Promise<ImageResult[]> {
  const results: ImageResult[] = [];
  for (const ref of refs) {
    const started = Date.now();
    const present = Boolean(await inspectImage(ref)) || (await pulls.tryPull(ref, onLine).catch(() => false));
    if (!present) {
      throw new KindlabError('IMAGE_UNAVAILABLE', `the course's image ${ref} is not in Docker, and no registry gives it here`, {
        fix: `on a machine that reaches a registry, \`kindlab images export FILE\` carries it (with every other image), then \`kindlab images import FILE\` here; or \`docker pull ${ref}\``,
      });
    }
    results.push({ ref, outcome: 'upstream', fingerprint: '', durationMs: Date.now() - started });
  }
  return results;
}

export function catalogImagesFor(builder: ImageBuilder, scope: 'cluster'): ImageSpec[] {
  return builder.catalog.images.filter((img) => img.scope === scope);
}

