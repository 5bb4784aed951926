import { KindlabError } from '../core/errors.js';

/** The NodePorts kind-config.yaml maps to the host's loopback: one per lab that sends traffic. */
export const nodePortRange = { first: 30080, last: 30089 } as const;

/** The Ingress controller's HTTP port on the host (kind-config.yaml maps it to port 80). */
export const ingressPort = 30800;

export class PortPool {
  private readonly taken = new Map<string, number>();

  take(owner: string): number {
    const used = new Set(this.taken.values());
    for (let port = nodePortRange.first; port <= nodePortRange.last; port++) {
      if (!used.has(port)) {
        this.taken.set(owner, port);
        return port;
      }
    }
    throw new KindlabError('NO_FREE_PORT', `no free NodePort in ${nodePortRange.first}-${nodePortRange.last} for lab ${owner}`, { fix: 'lower --concurrency' });
  }

  release(owner: string): void {
    this.taken.delete(owner);
  }
}
