import { imageByRole, type Catalog } from '../cluster/images/index.js';
import { pullRef } from '../cluster/registry.js';
import type { Manifest } from '../kube/manifests.js';

/** Which images a lab's pods run: the sampler's, and kindlab's images as the cluster pulls them. */
export interface LabImages {
  sampler: string;
  /** A catalog image's name as this cluster pulls it (from KINDLAB_REGISTRY when set); others as they are. */
  pull: (ref: string) => string;
}

export function labImages(catalog: Catalog, env: NodeJS.ProcessEnv = process.env): LabImages {
  const refs = catalog.images.filter((i) => i.scope === 'cluster').map((i) => i.ref);
  const pull = (ref: string) => pullRef(ref, refs, env);
  return { sampler: pull(imageByRole(catalog, 'sampler').ref), pull };
}

/** The images labs and exercises run in pods: kindlab's own and busybox (not the add-ons'). */
export function workloadImages(catalog: Catalog): string[] {
  return catalog.images.filter((i) => i.scope === 'cluster' && (i.role === undefined || i.role === 'sampler' || i.role === 'storage-helper')).map((i) => i.ref);
}

/** The manifest with its containers' images as the cluster pulls them (the caller's copy untouched). */
export function withImages(manifest: Manifest, pull: (ref: string) => string): Manifest {
  const object = structuredClone(manifest.object);
  const spec = object.spec as { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }>; template?: { spec?: unknown }; jobTemplate?: { spec?: { template?: { spec?: unknown } } } } | undefined;
  const podSpec = (object.kind === 'Pod' ? spec : object.kind === 'CronJob' ? spec?.jobTemplate?.spec?.template?.spec : spec?.template?.spec) as { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }> } | undefined;
  for (const c of [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]) if (c.image) c.image = pull(c.image);
  return { object, origin: manifest.origin };
}
