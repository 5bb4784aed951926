import { bakeIntoNodeImage, imageGaps, inspectImage, nodeContainers, type ImageBuilder, type ImageResult, type Kind } from '../cluster/index.js';
import { catalogImagesFor, ensureClusterImages, type PullPolicy } from './images.js';

/**
 * The offline node image carries the lab images, as kind's node images carry theirs: a cluster
 * created from it starts with them, and nothing is loaded after. A course's own images are
 * loaded, not baked (they change with the course). Returns the images made sure of, and what the
 * node image carries (ref -> Docker image ID).
 */
export async function bakeLabImages(builder: ImageBuilder, pulls: PullPolicy, nodeRef: string, onLine: (l: string) => void): Promise<{ images: ImageResult[]; baked: Map<string, string> }> {
  const images = await ensureClusterImages(builder, catalogImagesFor(builder, 'cluster'), pulls, onLine);
  const result = await bakeIntoNodeImage(nodeRef, images.map((r) => r.ref), onLine);
  if (result.baked.length) onLine(`baked ${result.baked.length} lab images into ${nodeRef} in ${(result.durationMs / 1000).toFixed(1)}s`);
  return { images, baked: result.images };
}

/**
 * Loads every image that a node lacks or holds in another build (same tag, other ID), and returns
 * their refs. `baked`: what the node image of a cluster created just now carries (those it has).
 */
export async function loadMissingImages(kind: Kind, cluster: string, images: readonly ImageResult[], baked: ReadonlyMap<string, string>, onLine: (l: string) => void): Promise<string[]> {
  const ids = new Map(await Promise.all(images.map(async (r) => [r.ref, (await inspectImage(r.ref))?.id] as const)));
  const refs = images.map((r) => r.ref).filter((ref) => !baked.has(ref) || baked.get(ref) !== ids.get(ref));
  if (refs.length === 0) return [];
  const nodes = (await nodeContainers(cluster)).map((n) => n.name);
  const gaps = await imageGaps(nodes, refs);
  const missing = [...new Set([...gaps.missing, ...gaps.stale].map((gap) => gap.ref))];
  if (missing.length > 0) await kind.load(cluster, missing, onLine);
  return missing;
}
