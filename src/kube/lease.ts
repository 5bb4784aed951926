import type { KubeClient } from './client.js';
import { KubeApiError, toKubeError } from './errors.js';
import { sendJson } from './raw.js';
import { retryTransient } from './retry.js';

/**
 * coordination.k8s.io Leases as kindlab uses them: a named claim with a holder and an expiry,
 * renewed while its holder lives. Several kindlab processes on one cluster coordinate through
 * them (a run's heartbeat, the cluster-wide lock, NodePort claims); a holder that dies simply
 * stops renewing and its claim expires.
 */
export interface LeaseSpec {
  namespace: string;
  name: string;
  /** Who holds it: a run id, "run/lab"… */
  holder: string;
  durationSeconds: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface LeaseObject {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string };
}

export const leasesPath = (namespace?: string) => `/apis/coordination.k8s.io/v1${namespace ? `/namespaces/${namespace}` : ''}/leases`;

/** A Lease's holder, or "" when it is free: nobody named, or its holder stopped renewing it. */
export function liveHolder(lease: LeaseObject | undefined, now = Date.now()): string {
  const holder = lease?.spec.holderIdentity ?? '';
  return holder && expiresAt(lease!) > now ? holder : '';
}

export function expiresAt(lease: LeaseObject): number {
  const renewed = Date.parse(lease.spec.renewTime ?? lease.spec.acquireTime ?? '');
  return (Number.isNaN(renewed) ? 0 : renewed) + (lease.spec.leaseDurationSeconds ?? 0) * 1000;
}

/** MicroTime wants six fractional digits. */
const microTime = (at: number) => new Date(at).toISOString().replace(/Z$/, '000Z');

function leaseBody(spec: LeaseSpec, current?: LeaseObject): LeaseObject {
  const now = Date.now();
  const keep = current && current.spec.holderIdentity === spec.holder;
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: spec.name,
      namespace: spec.namespace,
      ...(current?.metadata.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}),
      labels: { ...current?.metadata.labels, ...spec.labels },
      annotations: { ...current?.metadata.annotations, ...spec.annotations },
    },
    spec: {
      holderIdentity: spec.holder,
      leaseDurationSeconds: spec.durationSeconds,
      acquireTime: keep && current.spec.acquireTime ? current.spec.acquireTime : microTime(now),
      renewTime: microTime(now),
    },
  };
}

async function call(client: KubeClient, what: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; lease?: LeaseObject }> {
  return retryTransient(what, async () => {
    const response = await sendJson(client, method, path, body);
    if (response.status >= 500 || response.status === 429) throw new KubeApiError(response.status, '', `${what}: HTTP ${response.status}`);
    if (response.status >= 400 && ![404, 409].includes(response.status)) {
      const message = (JSON.parse(response.body || '{}') as { message?: string }).message ?? `HTTP ${response.status}`;
      throw new KubeApiError(response.status, '', `${what}: ${message}`);
    }
    return { status: response.status, ...(response.status < 300 && response.body ? { lease: JSON.parse(response.body) as LeaseObject } : {}) };
  }).catch((error: unknown) => {
    throw toKubeError(error, what);
  });
}

export async function readLease(client: KubeClient, namespace: string, name: string): Promise<LeaseObject | undefined> {
  return (await call(client, `reading lease ${namespace}/${name}`, 'GET', `${leasesPath(namespace)}/${name}`)).lease;
}

/**
 * Takes the Lease if it is free, expired or already ours (an atomic create, or a replace bound to
 * the version read); otherwise returns who holds it. Never waits.
 */
export async function tryTakeLease(client: KubeClient, spec: LeaseSpec): Promise<{ taken: true; lease: LeaseObject } | { taken: false; holder: LeaseObject }> {
  const what = `taking lease ${spec.namespace}/${spec.name}`;
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await readLease(client, spec.namespace, spec.name);
    if (current && liveHolder(current) && current.spec.holderIdentity !== spec.holder) return { taken: false, holder: current };
    const response = current
      ? await call(client, what, 'PUT', `${leasesPath(spec.namespace)}/${spec.name}`, leaseBody(spec, current))
      : await call(client, what, 'POST', leasesPath(spec.namespace), leaseBody(spec));
    if (response.lease) return { taken: true, lease: response.lease };
    // 409: someone else created or changed it between our read and our write; read again.
  }
  throw new KubeApiError(409, 'Conflict', `${what}: it kept changing under us`);
}

/** Writes a new renewTime (and labels); false when the Lease is gone or someone else holds it now. */
export async function renewLease(client: KubeClient, spec: LeaseSpec): Promise<boolean> {
  const current = await readLease(client, spec.namespace, spec.name);
  if (!current || current.spec.holderIdentity !== spec.holder) return false;
  const response = await call(client, `renewing lease ${spec.namespace}/${spec.name}`, 'PUT', `${leasesPath(spec.namespace)}/${spec.name}`, leaseBody(spec, current));
  return Boolean(response.lease);
}

/** Deletes the Lease if it is still ours (bound to the version read, so a new holder's is kept). */
export async function releaseLease(client: KubeClient, spec: Pick<LeaseSpec, 'namespace' | 'name' | 'holder'>): Promise<void> {
  const current = await readLease(client, spec.namespace, spec.name);
  if (!current || current.spec.holderIdentity !== spec.holder) return;
  await call(client, `releasing lease ${spec.namespace}/${spec.name}`, 'DELETE', `${leasesPath(spec.namespace)}/${spec.name}`, {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    preconditions: { resourceVersion: current.metadata.resourceVersion },
  });
}
