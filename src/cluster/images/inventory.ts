import { inspectImage } from '../docker.js';
import type { ImageBuilder } from './build.js';
import type { ImageSpec } from './catalog.js';
import { fingerprintLabel } from './image-build.js';
import type { Toolchain } from './toolchains.js';

/**
 * What Docker holds of an image kindlab needs. missing: not there; upstream: no kindlab label
 * (pulled, loaded by hand, or not kindlab's), used as it is; current / older / unknown: a kindlab
 * build whose fingerprint matches this checkout's recipes, or not, or cannot be computed here.
 */
export interface ImageStatus {
  ref: string;
  state: 'missing' | 'upstream' | 'current' | 'older' | 'unknown';
  id?: string;
  fingerprint?: string;
  /** The toolchain under which a current build's fingerprint matches. */
  toolchain?: Toolchain;
  sizeBytes?: number;
}

/** The status of an image; `spec` is what its fingerprint is judged against (none: not judged). */
export async function imageStatus(builder: ImageBuilder, ref: string, spec: ImageSpec | 'node' | undefined): Promise<ImageStatus> {
  const image = await inspectImage(ref);
  if (!image) return { ref, state: 'missing' };
  const label = image.labels[fingerprintLabel];
  const found = { ref, id: image.id, sizeBytes: image.sizeBytes, ...(label ? { fingerprint: label } : {}) };
  if (label === undefined || spec === undefined) return { ...found, state: 'upstream' };
  const verdict = await builder.judge(spec, label);
  return verdict.state === 'current' ? { ...found, state: 'current', toolchain: verdict.toolchain } : { ...found, state: verdict.state };
}

export function refsIn(statuses: readonly ImageStatus[], state: ImageStatus['state']): string[] {
  return statuses.filter((s) => s.state === state).map((s) => s.ref);
}
