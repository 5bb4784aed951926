import type { V1Namespace } from '@kubernetes/client-node';
import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { isNotFound, toKubeError } from '../kube/errors.js';
import { leasesPath, liveHolder, type LeaseObject } from '../kube/lease.js';
import { sendJson } from '../kube/raw.js';
import { retryTransient } from '../kube/retry.js';
import { Informer, met, notYet } from '../observe/informer.js';
import { managedBy, type RunIdentity } from './coordination.js';

export const labLabel = 'kindlab.dev/lab';
export const runLabel = 'kindlab.dev/run';
export const keptLabel = 'kindlab.dev/kept';

/** A lab's namespace in one run: two runs of the same lab never share one. */
export function labNamespace(labId: string, runId: string): string {
  return `kindlab-${labId}-${runId}`;
}

export async function createLabNamespace(client: KubeClient, labId: string, run: RunIdentity): Promise<string> {
  const name = labNamespace(labId, run.runId);
  const body: V1Namespace = { metadata: { name, labels: { ...managedBy, [labLabel]: labId, [runLabel]: run.runId }, annotations: { 'kindlab.dev/who': run.who } } };
  await retryTransient(`creating namespace ${name}`, () => client.core.createNamespace({ body }));
  return name;
}

export interface DeleteOptions {
  /** How long to wait for the namespace to be gone (default 120 s). */
  timeoutMs?: number;
  /** Pods are deleted without grace (a lab's pods keep nothing), and a failed wait returns false. */
  fast?: boolean;
}

/** Deletes a namespace and waits (on a watch) until it is gone; true if it is. */
export async function deleteNamespace(client: KubeClient, name: string, options: DeleteOptions = {}): Promise<boolean> {
  const watch = new Informer<V1Namespace>(client, '/api/v1/namespaces', { fieldSelector: `metadata.name=${name}` });
  try {
    await watch.ready();
    if (watch.objects.size === 0) return true;
    await client.core.deleteNamespace({ name }).catch((error: unknown) => {
      if (!isNotFound(error)) throw toKubeError(error, `deleting namespace ${name}`);
    });
    if (options.fast) {
      // Pods still shutting down when the namespace controller looks (5 s after the deletion) put
      // it in an exponential backoff: 8 to 40 s more. Pods deleted without grace are gone at once,
      // and only now: a Terminating namespace takes no new pod that a ReplicaSet would put back.
      await sendJson(client, 'DELETE', `/api/v1/namespaces/${name}/pods`, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 }).catch(() => undefined);
    }
    await watch.waitFor((objects) => (objects.size === 0 ? met(undefined) : notYet(`namespace ${name} still ${[...objects.values()][0]?.status?.phase ?? 'present'}`)), {
      what: `namespace ${name} deleted`,
      timeoutMs: options.timeoutMs ?? 120_000,
    });
    return true;
  } catch (error) {
    if (options.fast) return false;
    throw error;
  } finally {
    watch.stop();
  }
}

export interface Leftover {
  namespace: string;
  reason: string;
}

/** A namespace may exist a moment before its heartbeat Lease does. */
const heartbeatGraceMs = 60_000;

/**
 * Lab namespaces that belong to no live run: their heartbeat Lease expired (the run was killed)
 * or never came. Deleted (without waiting), and said. Namespaces of live runs, whatever their
 * terminal, and those kept with --keep are left alone.
 */
export async function cleanLeftovers(client: KubeClient, now = Date.now()): Promise<Leftover[]> {
  const [namespaces, leases] = await Promise.all([
    retryTransient('listing kindlab namespaces', () => client.core.listNamespace({ labelSelector: labLabel })),
    retryTransient('listing the runs\' heartbeats', async () => {
      const response = await sendJson(client, 'GET', `${leasesPath()}?labelSelector=${encodeURIComponent('kindlab.dev/heartbeat=true')}`);
      if (response.status !== 200) throw new KindlabError('KUBE_API', `listing leases: HTTP ${response.status}`);
      return (JSON.parse(response.body) as { items: LeaseObject[] }).items;
    }),
  ]);
  const leftovers = staleNamespaces(namespaces.items, leases, now);
  await Promise.all(leftovers.map((l) => client.core.deleteNamespace({ name: l.namespace }).catch(() => undefined)));
  return leftovers;
}

/** Which namespaces are stale, and why: pure, for tests. */
export function staleNamespaces(namespaces: V1Namespace[], heartbeats: LeaseObject[], now: number): Leftover[] {
  const byNamespace = new Map(heartbeats.map((l) => [l.metadata.namespace, l]));
  const leftovers: Leftover[] = [];
  for (const ns of namespaces) {
    const name = ns.metadata?.name ?? '';
    if (!name || ns.metadata?.deletionTimestamp || ns.metadata?.labels?.[keptLabel]) continue;
    const lease = byNamespace.get(name);
    const run = ns.metadata?.labels?.[runLabel] ?? 'unknown';
    if (lease && liveHolder(lease, now)) continue;
    if (lease) {
      const renewed = Date.parse(lease.spec.renewTime ?? '');
      leftovers.push({ namespace: name, reason: `run ${run} stopped renewing its heartbeat ${Math.round((now - renewed) / 1000)} s ago` });
      continue;
    }
    const created = Date.parse(String(ns.metadata?.creationTimestamp ?? ''));
    if (now - created > heartbeatGraceMs) leftovers.push({ namespace: name, reason: `run ${run} left no heartbeat (created ${Math.round((now - created) / 1000)} s ago)` });
  }
  return leftovers;
}
