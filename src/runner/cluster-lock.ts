import { canI } from '../kube/access.js';
import { leasesPath, liveHolder, readLease, type LeaseObject, type LeaseSpec } from '../kube/lease.js';
import { met, notYet } from '../observe/informer.js';
import { describeHolder, heartbeatLease, systemNamespace, waitOnLeases, type LabState, type RunLeases } from './coordination.js';

/** How long a lab may wait for the cluster (other runs' labs) before it starts: apart from its own deadline. */
export const maxClusterWaitMs = 20 * 60_000;
const lockName = 'exclusive';

/** A lab's place on the shared cluster: its heartbeat, and the lock if it is exclusive. */
export interface Ticket {
  heartbeat: LeaseSpec;
  lock?: LeaseSpec;
}

/**
 * A readers–writer lock over the whole cluster, between runs. Shared labs are readers: each marks
 * its heartbeat Lease "running". An exclusive lab (it stops a node, loads every CPU) is a writer:
 * it takes the lock Lease, then waits until no other run has a lab running. A reader marks itself
 * running, then looks at the lock; if a writer holds it, it steps back to "waiting" until the lock
 * is free. Since a writer takes the lock before it counts readers and a reader registers before it
 * looks at the lock, one of the two always sees the other. Waits say whom they wait for.
 */
export class ClusterLock {
  constructor(private readonly leases: RunLeases) {}

  private systemWritable: Promise<boolean> | undefined;

  /**
   * Registers a lab's namespace: its heartbeat, "waiting" until it enters. A lab namespace of the
   * run's own keeps it; a borrowed one (grading a student's namespace in place) has it kept in
   * kindlab-system when this identity may write there (the instructor), so that it counts for the
   * cluster (see decidesForCluster); a student's stays in their namespace, shown but not counted.
   */
  async register(namespace: string, lab: string): Promise<Ticket> {
    const labels = { 'kindlab.dev/heartbeat': 'true', 'kindlab.dev/lab': lab, 'kindlab.dev/state': 'waiting', 'kindlab.dev/namespace': namespace };
    this.systemWritable ??= canI(this.leases.client, { verb: 'create', resource: 'leases', group: 'coordination.k8s.io', namespace: systemNamespace });
    const elsewhere = !decidesForCluster({ metadata: { namespace } } as LeaseObject) && (await this.systemWritable);
    const heartbeat = elsewhere ? this.leases.spec(systemNamespace, `heartbeat-${namespace}`, this.leases.identity.runId, labels) : this.leases.spec(namespace, heartbeatLease, this.leases.identity.runId, labels);
    await this.leases.take(heartbeat);
    return { heartbeat };
  }

  async enterShared(ticket: Ticket, signal: AbortSignal, onWait: (why: string) => void): Promise<void> {
    for (;;) {
      await this.waitLockFree(signal, onWait);
      await this.setState(ticket, 'running');
      const lock = await this.readLock();
      if (!lock) return;
      await this.setState(ticket, 'waiting');
    }
  }

  async enterExclusive(ticket: Ticket, lab: string, signal: AbortSignal, onWait: (why: string) => void): Promise<void> {
    const lock = this.leases.spec(systemNamespace, lockName, `${this.leases.identity.runId}/${lab}`, { 'kindlab.dev/lab': lab });
    for (;;) {
      const attempt = await this.leases.take(lock);
      if (attempt.taken) break;
      await this.waitLockFree(signal, onWait);
    }
    ticket.lock = lock;
    await this.waitOthersDone(signal, onWait);
    await this.setState(ticket, 'exclusive');
  }

  /** Gives the lock back; the heartbeat goes with the namespace, or is deleted when the namespace stays. */
  async leave(ticket: Ticket, namespaceStays = false): Promise<void> {
    if (namespaceStays) await this.leases.release(ticket.heartbeat);
    else this.leases.forget(ticket.heartbeat);
    if (ticket.lock) await this.leases.release(ticket.lock);
  }

  private async setState(ticket: Ticket, state: LabState): Promise<void> {
    await this.leases.relabel(ticket.heartbeat, { 'kindlab.dev/state': state });
  }

  /** The lock, when another run holds it. */
  private async readLock(): Promise<LeaseObject | undefined> {
    const lock = await readLease(this.leases.client, systemNamespace, lockName);
    return lock && liveHolder(lock) && !this.ours(lock) ? lock : undefined;
  }

  private ours(lease: LeaseObject): boolean {
    return lease.metadata.labels?.['kindlab.dev/run'] === this.leases.identity.runId;
  }

  private waitLockFree(signal: AbortSignal, onWait: (why: string) => void): Promise<void> {
    return waitOnLeases(
      this.leases.client,
      leasesPath(systemNamespace),
      undefined,
      (leases, now) => {
        const lock = leases.find((l) => l.metadata.name === lockName);
        return lock && liveHolder(lock, now) && !this.ours(lock) ? notYet(`the cluster is held by ${describeHolder(lock)}, which disturbs the whole cluster`) : met(undefined);
      },
      { what: 'the cluster-wide lock to be free', timeoutMs: maxClusterWaitMs, signal, onPending: onWait },
    );
  }

  private waitOthersDone(signal: AbortSignal, onWait: (why: string) => void): Promise<void> {
    return waitOnLeases(
      this.leases.client,
      leasesPath(),
      'kindlab.dev/heartbeat=true',
      (leases, now) => {
        const others = leases.filter((l) => decidesForCluster(l) && liveHolder(l, now) && !this.ours(l) && l.metadata.labels?.['kindlab.dev/state'] !== 'waiting');
        return others.length === 0 ? met(undefined) : notYet(`waiting for ${others.length} lab(s) of other runs to finish: ${others.map(describeHolder).join('; ')}`);
      },
      { what: 'the labs of other runs to finish', timeoutMs: maxClusterWaitMs, signal, onPending: onWait },
    );
  }
}

/**
 * Whether a heartbeat may make an exclusive lab wait: only one in kindlab-system or a lab
 * namespace (kindlab-…), where only kindlab's own identity (not a student's) writes. A student can write Leases in their class namespace
 * (their runs keep a heartbeat there), so those are shown on the class page but never hold up the
 * cluster: a forged one with a two-billion-second lease would otherwise stop every exclusive lab.
 */
export function decidesForCluster(lease: LeaseObject): boolean {
  return (lease.metadata.namespace ?? '').startsWith('kindlab-');
}
