import type { ManifestObject } from './manifests.js';

/** Set by the API server on every object it prints (`kubectl get -o yaml`), never by its author. */
const serverMetadata = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'] as const;
const serverAnnotations = ['kubectl.kubernetes.io/last-applied-configuration', 'deployment.kubernetes.io/revision'];

/**
 * Pure: an object as its author wrote it. One printed by the API server carries what the server
 * set (uid, resourceVersion, status, a Service's allocated addresses and ports…) and the namespace
 * it was printed from: applied into a fresh namespace that would conflict or be refused, so it is
 * left out, and said (leaving the namespace out only ever keeps an object in the one it is given).
 * An object without the server's marks is returned as it is.
 */
export function asWritten(object: ManifestObject): { object: ManifestObject; dropped: string[] } {
  const metadata = object.metadata as Record<string, unknown>;
  if (!serverMetadata.some((k) => metadata[k] !== undefined)) return { object, dropped: [] };
  const copy = structuredClone(object) as ManifestObject & { status?: unknown; spec?: Record<string, unknown> };
  const meta = copy.metadata as Record<string, unknown>;
  const dropped: string[] = [];
  const drop = (path: string, present: boolean, remove: () => void) => {
    if (!present) return;
    remove();
    dropped.push(path);
  };
  for (const key of [...serverMetadata, 'namespace']) drop(`metadata.${key}`, meta[key] !== undefined, () => delete meta[key]);
  for (const key of serverAnnotations) drop(`metadata.annotations["${key}"]`, copy.metadata.annotations?.[key] !== undefined, () => delete copy.metadata.annotations![key]);
  if (copy.metadata.annotations && Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  drop('status', copy.status !== undefined, () => delete copy.status);
  if (copy.kind === 'Service' && copy.spec) {
    const spec = copy.spec;
    // Addresses and ports the cluster allocated: taken already where the object was printed.
    const allocatedIP = typeof spec.clusterIP === 'string' && spec.clusterIP !== 'None';
    drop('spec.clusterIP', allocatedIP, () => delete spec.clusterIP);
    drop('spec.clusterIPs', allocatedIP && spec.clusterIPs !== undefined, () => delete spec.clusterIPs);
    const ports = Array.isArray(spec.ports) ? (spec.ports as Array<Record<string, unknown>>) : [];
    drop('spec.ports[].nodePort', ports.some((p) => p.nodePort !== undefined), () => ports.forEach((p) => delete p.nodePort));
  }
  return { object: copy, dropped };
}
