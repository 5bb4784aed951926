import { KindlabError } from '../core/errors.js';
import type { LeaseSpec } from '../kube/lease.js';
import { describeHolder, systemNamespace, type RunLeases } from './coordination.js';

/** The NodePorts kind-config.yaml maps to the host's loopback: one per lab that sends traffic. */
export const nodePortRange = { first: 30080, last: 30089 } as const;

/** The Ingress controller's HTTP port on the host (kind-config.yaml maps it to port 80). */
export const ingressPort = 30800;

/**
 * NodePorts claimed on the cluster, not in one process: each port is a Lease that the run holding
 * it renews, so two runs in two terminals never hand out the same port, and a port whose run died
 * comes free when its Lease expires.
 */
export class NodePortClaims {
  private readonly mine = new Map<string, LeaseSpec>();

  constructor(private readonly leases: RunLeases) {}

  async take(lab: string): Promise<number> {
    const taken: string[] = [];
    for (let port = nodePortRange.first; port <= nodePortRange.last; port++) {
      const spec = this.leases.spec(systemNamespace, `nodeport-${port}`, `${this.leases.identity.runId}/${lab}`, { 'kindlab.dev/lab': lab });
      const attempt = await this.leases.take(spec);
      if (attempt.taken) {
        this.mine.set(lab, spec);
        return port;
      }
      taken.push(`${port}: ${describeHolder(attempt.holder)}`);
    }
    throw new KindlabError('NO_FREE_PORT', `no free NodePort in ${nodePortRange.first}-${nodePortRange.last} for lab ${lab} (${taken.join('; ')})`, {
      fix: 'lower --concurrency, or wait for the other runs to finish',
    });
  }

  /** Stops renewing a claim without giving it back: it expires once its Service may be gone. */
  abandon(lab: string): void {
    const spec = this.mine.get(lab);
    this.mine.delete(lab);
    if (spec) this.leases.forget(spec);
  }

  async release(lab: string): Promise<void> {
    const spec = this.mine.get(lab);
    this.mine.delete(lab);
    if (spec) await this.leases.release(spec);
  }
}
