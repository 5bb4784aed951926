import { KindlabError } from '../../core/errors.js';
import { inspectImage } from '../docker.js';
import { NodeImageContainer } from './node-containerd.js';
import { nodeEntrypoint } from './node-image.js';

/** The label of a node image that lists the images baked into it: `ref=imageID` pairs, by spaces. */
export const bakedLabel = 'kindlab.baked';

/** Past this many layers, baking asks for a fresh build rather than one more layer. */
const maxLayers = 100;

export interface BakeResult {
  /** The images imported this time (already baked with the same ID: none). */
  baked: string[];
  /** Every image the node image now carries, ref -> Docker image ID. */
  images: Map<string, string>;
  durationMs: number;
}

/**
 * Bakes images from Docker into the offline node image, as kind's node images carry their own
 * images: a cluster created from it has them from its first second, and nothing is loaded after.
 * Only images that are absent from the image or baked in another build are imported; the result
 * replaces the node image under the same tag (one more layer, the node's fingerprint unchanged).
 */
export async function bakeIntoNodeImage(nodeRef: string, refs: readonly string[], onLine: (l: string) => void): Promise<BakeResult> {
  const started = Date.now();
  const node = await inspectImage(nodeRef);
  if (!node) throw new KindlabError('NODE_IMAGE_MISSING', `no node image ${nodeRef} in Docker to bake the lab images into`, { fix: 'run `kindlab images build`' });
  const baked = parseBaked(node.labels[bakedLabel]);
  const wanted = new Map<string, string>();
  for (const ref of refs) {
    const image = await inspectImage(ref);
    if (image) wanted.set(ref, image.id);
  }
  const changed = [...wanted].filter(([ref, id]) => baked.get(ref) !== id).map(([ref]) => ref);
  const images = new Map([...baked, ...wanted]);
  if (changed.length === 0) return { baked: [], images, durationMs: Date.now() - started };
  if (node.layers >= maxLayers) {
    throw new KindlabError('NODE_IMAGE_LAYERS', `the node image ${nodeRef} has ${node.layers} layers, one per baking of changed lab images`, { fix: 'rebuild it once: `kindlab images build --force`' });
  }
  onLine(`baking ${changed.join(', ')} into ${nodeRef}`);
  const container = await NodeImageContainer.open(nodeRef, 'bake');
  try {
    await container.importImages(changed);
    await container.commit(nodeRef, [...nodeEntrypoint, `LABEL ${bakedLabel}="${formatBaked(images)}"`]);
  } finally {
    await container.remove();
  }
  return { baked: changed, images, durationMs: Date.now() - started };
}

/** Pure: the label's `ref=id` pairs. */
export function parseBaked(label: string | undefined): Map<string, string> {
  const pairs = (label ?? '').split(' ').map((pair) => {
    const at = pair.lastIndexOf('=');
    return at > 0 ? ([pair.slice(0, at), pair.slice(at + 1)] as [string, string]) : undefined;
  });
  return new Map(pairs.filter((p): p is [string, string] => p !== undefined && p[1] !== ''));
}

export function formatBaked(images: ReadonlyMap<string, string>): string {
  return [...images].sort(([a], [b]) => a.localeCompare(b)).map(([ref, id]) => `${ref}=${id}`).join(' ');
}
