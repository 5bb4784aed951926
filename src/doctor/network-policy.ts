import { imageByRole, queueSupportOnNode, type QueueSupport } from '../cluster/index.js';
import type { KubeClient } from '../kube/client.js';
import { addonProblems, addons, podNetworkOf, type PodNetwork } from '../observe/addons.js';
import { probeNetworkPolicy } from '../observe/policy-probe.js';
import { ok, warn, type Check } from './check.js';

/**
 * Whether the cluster enforces NetworkPolicy, measured (a class's isolation rests on it): a
 * warning, not a failure, when it does not, since the labs do not need it.
 */
export const networkPolicyCheck: Check = {
  id: 'network-policy',
  title: 'NetworkPolicy is enforced (measured: a deny-all policy between two pods)',
  needs: ['api'],
  async run(state) {
    const client = state.client!;
    const result = await probeNetworkPolicy(client, { image: imageByRole(state.catalog, 'sampler').ref });
    if (result.outcome === 'enforced') return ok(`enforced (a denied connection failed within ${result.deniedAfterMs} ms of the policy's creation: ${result.error})`);
    if (result.outcome === 'inconclusive') return warn(`not measured: ${result.why}`, '`kindlab up` (loads the images), then `kindlab doctor` again');
    const cause = enforcementCause(await enforcementFacts(client, state.nodes[0]?.name));
    return warn(`not enforced: ${result.why}; ${cause.why}`, cause.fix);
  },
};

export interface EnforcementFacts {
  podNetwork: PodNetwork | undefined;
  /** What is wrong with kindlab's agent, when the pod network is node-net. */
  agentProblems: string[];
  /** The agent's last word on enforcing, from its log. */
  agentSays: string | undefined;
  kernel: QueueSupport | undefined;
}

/** Why NetworkPolicy is not enforced, and the fix, from what the cluster runs and what its kernel takes. */
export function enforcementCause(f: EnforcementFacts): { why: string; fix: string } {
  if (f.podNetwork === undefined) {
    return { why: 'the pod network is neither kind\'s kindnet nor kindlab\'s node-net, and does not enforce NetworkPolicy', fix: 'a CNI that enforces NetworkPolicy (Calico, Cilium), or kindlab\'s own cluster (`kindlab up`)' };
  }
  if (f.podNetwork === 'kindnet') {
    if (f.kernel?.nftQueue === false) {
      return {
        why: 'kind\'s kindnet queues packets with nftables\' queue expression, which this host\'s kernel lacks (nft_queue, CONFIG_NFT_QUEUE)',
        fix: '`sudo modprobe nft_queue` if the kernel has it as a module; otherwise kindlab\'s offline node image, whose agent queues through xtables\' NFQUEUE: `kindlab up --images offline --recreate`',
      };
    }
    return { why: 'kind\'s kindnet did not drop the connections', fix: '`kubectl -n kube-system logs ds/kindnet`' };
  }
  if (f.agentProblems.length) return { why: `kindlab's NetworkPolicy agent: ${f.agentProblems.join('; ')}`, fix: '`kindlab up` (installs it and waits for it)' };
  if (f.kernel?.xtNfqueue === false || f.agentSays?.includes('NOT enforcing')) {
    return {
      why: `kindlab's NetworkPolicy agent cannot queue packets on this kernel${f.agentSays ? ` (${f.agentSays})` : ''}`,
      fix: 'the host kernel needs nf_tables, nft_compat, the xtables NFQUEUE target and nfnetlink_queue: `sudo modprobe nft_compat xt_NFQUEUE nfnetlink_queue`',
    };
  }
  return { why: 'kindlab\'s NetworkPolicy agent runs on every node but did not drop the connections', fix: '`kubectl -n kube-system logs ds/kindlab-netpol`' };
}

async function enforcementFacts(client: KubeClient, node: string | undefined): Promise<EnforcementFacts> {
  const podNetwork = await podNetworkOf(client).catch(() => undefined);
  const agent = addons.find((a) => a.role === 'network-policy')!;
  const agentProblems = podNetwork === 'node-net' ? await addonProblems(client, agent) : [];
  return {
    podNetwork,
    agentProblems,
    agentSays: podNetwork === 'node-net' && agentProblems.length === 0 ? await agentLastWord(client) : undefined,
    kernel: node && podNetwork ? await queueSupportOnNode(node).catch(() => undefined) : undefined,
  };
}

/** The agent's latest "enforcing" / "NOT enforcing" line, on any node. */
async function agentLastWord(client: KubeClient): Promise<string | undefined> {
  const pods = await client.core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'k8s-app=kindlab-netpol' }).catch(() => ({ items: [] }));
  for (const pod of pods.items) {
    const log = await client.core.readNamespacedPodLog({ name: pod.metadata!.name!, namespace: 'kube-system', tailLines: 50 }).catch(() => '');
    const said = log.split('\n').filter((l) => l.includes('enforcing NetworkPolicy')).at(-1);
    if (said?.includes('NOT enforcing')) return said.replace(/^.*?netpol: /, '');
  }
  return undefined;
}
