import { run } from '../core/exec.js';

/** Whether the kernel takes a rule that sends packets to a netfilter queue, each way: unknown when it cannot be tried. */
export interface QueueSupport {
  /** nftables' own `queue` expression (CONFIG_NFT_QUEUE): what kind's kindnet and kube-network-policies use. */
  nftQueue: boolean | undefined;
  /** xtables' NFQUEUE target through nft_compat: what kindlab's NetworkPolicy agent uses. */
  xtNfqueue: boolean | undefined;
}

// Tried in a throwaway network namespace inside the node, so no rule ever touches its traffic.
const nftQueueTry = `nft add table inet kindlab_try && nft add chain inet kindlab_try c '{ type filter hook postrouting priority 0; }' && nft add rule inet kindlab_try c queue num 9 bypass`;
const xtNfqueueTry = 'iptables -A OUTPUT -j NFQUEUE --queue-num 9 --queue-bypass';

/**
 * Asks a node's kernel (kind's nodes share the host's) which queueing NetworkPolicy enforcers can
 * use. Exit 127 (no nft, no iptables, no unshare in the node image) means unknown.
 */
export async function queueSupportOnNode(node: string): Promise<QueueSupport> {
  const attempt = async (script: string) => {
    const { exitCode } = await run('docker', ['exec', node, 'unshare', '--net', 'sh', '-c', script], { allowFailure: true, timeoutMs: 20_000 });
    return exitCode === 0 ? true : exitCode === 127 || exitCode === 126 ? undefined : false;
  };
  return { nftQueue: await attempt(nftQueueTry), xtNfqueue: await attempt(xtNfqueueTry) };
}
