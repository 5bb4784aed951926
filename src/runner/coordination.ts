import { hostname, userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import { waitFor, type WaitSpec } from '../core/wait.js';
import type { KubeClient } from '../kube/client.js';
import { isConflict, toKubeError } from '../kube/errors.js';
import { expiresAt, releaseLease, renewLease, tryTakeLease, type LeaseObject, type LeaseSpec } from '../kube/lease.js';
import { Informer, type Verdict } from '../observe/informer.js';

/** The namespace of kindlab's cluster-wide coordination (the lock, the NodePort claims). */
export const systemNamespace = 'kindlab-system';
export const heartbeatLease = 'kindlab-run';
export const managedBy = { 'app.kubernetes.io/managed-by': 'kindlab' };
const leaseSeconds = 40;
const renewEveryMs = 10_000;

/** Who a run is, as other runs see it in the Leases: an id and "user@host pid N". */
export interface RunIdentity {
  runId: string;
  who: string;
}

export function newRunIdentity(): RunIdentity {
  return { runId: randomBytes(3).toString('hex'), who: `${userInfo().username}@${hostname()} pid ${process.pid}` };
}

/** A heartbeat Lease's state: what other runs wait on. */
export type LabState = 'waiting' | 'running' | 'exclusive';

/**
 * What one run holds on the shared cluster, renewed every 10 s while it lives: a heartbeat Lease in
 * each of its lab namespaces (stale namespaces are those whose heartbeat stopped), the cluster-wide
 * lock while an exclusive lab runs, and the NodePorts it claimed. A run that dies stops renewing;
 * its claims expire after 40 s.
 */
export class RunLeases {
  private readonly held = new Map<string, LeaseSpec>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly client: KubeClient,
    readonly identity: RunIdentity,
    private readonly onLost: (what: string) => void = () => {},
  ) {
    this.timer = setInterval(() => void this.renewAll(), renewEveryMs);
    this.timer.unref();
  }

  spec(namespace: string, name: string, holder: string, labels: Record<string, string> = {}): LeaseSpec {
    return { namespace, name, holder, durationSeconds: leaseSeconds, labels: { ...managedBy, 'kindlab.dev/run': this.identity.runId, ...labels }, annotations: { 'kindlab.dev/who': this.identity.who } };
  }

  /** Takes a Lease now if it is free or expired; false (and who holds it) otherwise. */
  async take(spec: LeaseSpec): Promise<{ taken: true } | { taken: false; holder: LeaseObject }> {
    const result = await tryTakeLease(this.client, spec);
    if (result.taken) this.held.set(key(spec), spec);
    return result.taken ? { taken: true } : result;
  }

  /** Changes a held Lease's labels (e.g. its state) at once. */
  async relabel(spec: LeaseSpec, labels: Record<string, string>): Promise<void> {
    const next = { ...spec, labels: { ...spec.labels, ...labels } };
    this.held.set(key(spec), next);
    if (!(await renewLease(this.client, next))) this.onLost(`${spec.namespace}/${spec.name}`);
  }

  async release(spec: Pick<LeaseSpec, 'namespace' | 'name' | 'holder'>): Promise<void> {
    this.held.delete(key(spec));
    await releaseLease(this.client, spec).catch(() => undefined);
  }

  /** Stops renewing a Lease without deleting it (it goes with its namespace). */
  forget(spec: Pick<LeaseSpec, 'namespace' | 'name'>): void {
    this.held.delete(key(spec));
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async renewAll(): Promise<void> {
    for (const spec of [...this.held.values()]) {
      const kept = await renewLease(this.client, spec).catch(() => true);
      if (!kept && this.held.has(key(spec))) {
        this.held.delete(key(spec));
        this.onLost(`${spec.namespace}/${spec.name}`);
      }
    }
  }
}

const key = (spec: Pick<LeaseSpec, 'namespace' | 'name'>) => `${spec.namespace}/${spec.name}`;

/** Creates kindlab's coordination namespace if it is missing. */
export async function ensureSystemNamespace(client: KubeClient): Promise<void> {
  const exists = await client.core.readNamespace({ name: systemNamespace }).then(
    () => true,
    () => false,
  );
  if (exists) return;
  await client.core.createNamespace({ body: { metadata: { name: systemNamespace, labels: managedBy } } }).catch((error: unknown) => {
    if (!isConflict(error)) throw toKubeError(error, `creating namespace ${systemNamespace}`);
  });
}

/**
 * Waits on a watch of Leases until `condition` holds. A Lease also changes by expiring, which no
 * watch event tells: the condition is evaluated again at the next expiry among the Leases seen.
 */
export async function waitOnLeases<V>(client: KubeClient, path: string, labelSelector: string | undefined, condition: (leases: LeaseObject[], now: number) => Verdict<V>, spec: WaitSpec): Promise<V> {
  const informer = new Informer<LeaseObject>(client, path, labelSelector ? { labelSelector } : {});
  try {
    await informer.ready();
    const met = await waitFor<V>(spec, (progress) => {
      let timer: NodeJS.Timeout | undefined;
      const evaluate = () => {
        clearTimeout(timer);
        const now = Date.now();
        const leases = [...informer.objects.values()];
        const verdict = condition(leases, now);
        if (verdict.met) return progress.met(verdict.value);
        progress.pending(verdict.why);
        const next = Math.min(...leases.map(expiresAt).filter((t) => t > now));
        if (Number.isFinite(next)) timer = setTimeout(evaluate, next - now + 50);
      };
      evaluate();
      const unsubscribe = informer.subscribe(evaluate);
      return () => {
        clearTimeout(timer);
        unsubscribe();
      };
    });
    return met.value;
  } finally {
    informer.stop();
  }
}

/** "lab services of run ab12cd (root@host pid 42)" */
export function describeHolder(lease: LeaseObject): string {
  const labels = lease.metadata.labels ?? {};
  const lab = labels['kindlab.dev/lab'];
  return `${lab ? `lab ${lab} of ` : ''}run ${labels['kindlab.dev/run'] ?? lease.spec.holderIdentity} (${lease.metadata.annotations?.['kindlab.dev/who'] ?? 'unknown'})`;
}
