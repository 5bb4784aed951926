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

/** Picks the node image: kind's published one when it is here or can be pulled, else ours. */
export async function chooseNodeImage(builder: ImageBuilder, pulls: PullPolicy, onLine: (l: string) => void): Promise<NodeImageChoice> {
  const node = builder.catalog.node;
  if (pulls.mode !== 'offline' && (await inspectImage(node.upstream))) return { ref: node.upstream, source: 'upstream', outcome: 'present' };
  if (pulls.mode === 'auto') {
    const offline = await inspectImage(node.offline);
    const fresh = offline && (await builder.nodeFingerprint().catch(() => undefined)) === offline.labels[fingerprintLabel];
    if (fresh) return { ref: node.offline, source: 'offline', outcome: 'cached' };
  }
  if (await pulls.tryPull(node.upstream, onLine)) return { ref: node.upstream, source: 'upstream', outcome: 'pulled' };
  const result = await builder.ensureNodeImage();
  return { ref: result.ref, source: 'offline', outcome: result.outcome === 'built' ? 'built' : 'cached' };
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

export function catalogImagesFor(builder: ImageBuilder, scope: 'cluster'): ImageSpec[] {
  return builder.catalog.images.filter((img) => img.scope === scope);
}

