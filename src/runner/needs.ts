import { imageGaps, kindClusterOnHostPort, nodeContainers, normalizeRef } from '../cluster/nodes.js';
import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { retryTransient } from '../kube/retry.js';
import { isSchedulable, takesOrdinaryPods } from '../kube/status.js';
import { addonProblems, addons, waitForAddons, type Addon } from '../observe/addons.js';
import type { EntryRoute } from './entry.js';
import type { LabNeed } from './lab.js';
import { ingressPort, nodePortRange } from './ports.js';

/**
 * What the cluster can give, learnt once per run and asked lab by lab: a lab whose needs the
 * cluster cannot meet is refused up front with one message, not left to time out.
 */
export class ClusterFacts {
  private entry: Promise<true | string> | undefined;
  private workers: Promise<number> | undefined;
  private images: Promise<true | string> | undefined;

  constructor(
    private readonly client: KubeClient,
    readonly chaosAllowed: boolean,
    /** Set when this identity's rights stop at that namespace (a student). */
    private readonly confinedTo?: string,
    /** The images every lab's pods run (the catalog's demo and busybox). */
    private readonly labImages: readonly string[] = [],
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async assertNeeds(lab: string, needs: readonly LabNeed[], exclusive = false): Promise<void> {
    if (this.confinedTo) {
      // A student cannot read the nodes or the controller's namespace: what the class set up is
      // taken as given (two workers, the Ingress controller); the entry point is asked of Docker.
      const beyond = [...needs.filter((n) => !confinedNeeds.has(n)), ...(exclusive ? ['the whole cluster to itself'] : [])];
      if (beyond.length) {
        throw new KindlabError('NEED_RIGHTS', `${lab} needs ${beyond.join(', ')}: more than your rights, which stop at namespace ${this.confinedTo}`, {
          fix: 'ask your instructor to run it for the class; the labs and exercises that stay in one namespace are yours',
        });
      }
      const reach = needs.includes('ingress') ? await (this.entry ??= this.entryPointsReachThisCluster()) : true;
      if (reach !== true) throw new KindlabError('NEED_MISSING', `lab ${lab} needs the Ingress entry point on 127.0.0.1 (port ${ingressPort}): ${reach}`, { fix: 'run it on the machine that runs the class\'s cluster' });
      return;
    }
    const images = await (this.images ??= this.imagesOnNodes());
    if (images !== true) {
      throw new KindlabError('IMAGES_MISSING', `lab ${lab} needs kindlab's images on this cluster: ${images}`, {
        fix: 'load them (`kindlab images load --cluster NAME`), or push them to a registry the cluster pulls from (`kindlab images push REGISTRY`) and set KINDLAB_REGISTRY=REGISTRY',
      });
    }
    for (const need of needs) {
      const problem = await this.problem(need);
      if (problem) throw new KindlabError('NEED_MISSING', `lab ${lab} needs ${problem.what}: ${problem.why}`, { fix: problem.fix });
    }
  }

  /**
   * How a lab's requests for the host's ports reach this cluster: through 127.0.0.1 where those
   * ports lead to it (kindlab's own cluster), else from a pod inside it. KINDLAB_TRAFFIC_FROM=pod
   * asks for the pod anyway (a host whose ports something else holds).
   */
  async entryRoute(): Promise<EntryRoute> {
    if (this.env.KINDLAB_TRAFFIC_FROM === 'pod') return { via: 'cluster', why: 'KINDLAB_TRAFFIC_FROM=pod' };
    const reach = await (this.entry ??= this.entryPointsReachThisCluster());
    return reach === true ? { via: 'host' } : { via: 'cluster', why: reach };
  }

  private async problem(need: LabNeed): Promise<{ what: string; why: string; fix: string } | undefined> {
    switch (need) {
      case 'traffic':
        // Through 127.0.0.1 or from a pod inside the cluster (entryRoute): every cluster can.
        return undefined;
      case 'ingress': {
        const problems = await this.addonServing(addons.find((a) => a.need === need)!);
        return problems.length ? { what: 'the Ingress controller (Traefik)', why: problems.join('; '), fix: '`kindlab up` installs it' } : undefined;
      }
      case 'metrics': {
        const problems = await this.addonServing(addons.find((a) => a.need === 'metrics')!);
        return problems.length ? { what: 'metrics-server', why: problems.join('; '), fix: '`kindlab up` installs it' } : undefined;
      }
      case 'node-chaos':
        return this.chaosAllowed ? undefined : { what: 'to stop nodes', why: 'kindlab only does that on kind clusters', fix: 'run it on the kindlab cluster, or pass --allow-chaos' };
      case 'control-plane': {
        const pods = await retryTransient('listing the control plane', () => this.client.core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'tier=control-plane' })).catch(() => ({ items: [] }));
        return pods.items.length > 0 ? undefined : { what: 'a control plane it can see', why: 'no kube-system pod has the label tier=control-plane (a managed cluster hides its control plane)', fix: 'run it on a kind or kubeadm cluster, such as kindlab\'s' };
      }
      case 'two-workers': {
        const count = await (this.workers ??= this.schedulableNodes());
        return count >= 2 ? undefined : { what: 'two nodes that take ordinary pods', why: `this cluster has ${count}`, fix: 'run it on the kindlab cluster (1 control plane, 2 workers), or add a worker' };
      }
    }
  }

  /** An add-on `up` applied comes up in the background: wait for it (with a deadline); not installed: say so at once. */
  private async addonServing(addon: Addon): Promise<string[]> {
    const problems = await addonProblems(this.client, addon);
    if (problems.length === 0 || problems.some((p) => p.endsWith('not installed'))) return problems;
    await waitForAddons(this.client, [addon], readyPatienceMs);
    return addonProblems(this.client, addon);
  }

  /** The images the labs run are on every schedulable node (the kubelet lists them), unless a registry serves them. */
  private async imagesOnNodes(): Promise<true | string> {
    if (this.env.KINDLAB_REGISTRY) return true;
    // On a kind cluster of this machine, ask the nodes' containerd (the kubelet reports its list late).
    const server = new URL(this.client.server);
    const kindCluster = isLoopback(server) ? await kindClusterOnHostPort(Number(server.port || 443)) : undefined;
    if (kindCluster) {
      const gaps = await imageGaps((await nodeContainers(kindCluster)).map((n) => n.name), this.labImages);
      const missing = [...new Set(gaps.missing.map((g) => g.ref))];
      return missing.length === 0 ? true : `${missing.join(', ')} not on every node`;
    }
    const nodes = (await retryTransient('listing the nodes', () => this.client.core.listNode())).items.filter(isSchedulable);
    const missing = this.labImages.filter((ref) => nodes.some((n) => !(n.status?.images ?? []).some((i) => (i.names ?? []).map(normalizeRef).includes(normalizeRef(ref)))));
    return missing.length === 0 ? true : `${missing.join(', ')} not on every node`;
  }

  /** Workers, a node coming back included (another run's exclusive lab may have just started it). */
  private async schedulableNodes(): Promise<number> {
    const nodes = await retryTransient('listing the nodes', () => this.client.core.listNode());
    return nodes.items.filter(takesOrdinaryPods).length;
  }

  /** Whether 127.0.0.1's NodePorts and Ingress port lead to the cluster this context talks to. */
  private async entryPointsReachThisCluster(): Promise<true | string> {
    const server = new URL(this.client.server);
    const apiCluster = isLoopback(server) ? await kindClusterOnHostPort(Number(server.port || 443)) : undefined;
    return entryPointVerdict(server, this.client.context, apiCluster, await kindClusterOnHostPort(nodePortRange.first));
  }
}

/** How long a lab waits for an add-on still coming up after `kindlab up`. */
const readyPatienceMs = 180_000;

/** Needs a student's run meets without reading beyond their namespace. */
const confinedNeeds = new Set<LabNeed>(['metrics', 'ingress', 'two-workers']);

const isLoopback = (url: URL) => ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);

/**
 * Pure: the kind cluster behind the API server's port and the one behind the first NodePort must
 * be the same one (a second kind cluster, or a remote one, has no kindlab entry points here).
 */
export function entryPointVerdict(server: URL, context: string, apiCluster: string | undefined, portCluster: string | undefined): true | string {
  if (!apiCluster) return `the API server ${server.host} is not a kind cluster on this machine, so its Services are not published on 127.0.0.1`;
  if (portCluster === apiCluster) return true;
  return portCluster
    ? `127.0.0.1:${nodePortRange.first} leads to the kind cluster "${portCluster}", not to "${apiCluster}" (context ${context})`
    : `kind cluster "${apiCluster}" publishes no port ${nodePortRange.first} on 127.0.0.1`;
}
