import { docker } from './docker.js';

/**
 * Flows in a conntrack table that went to a service address without being translated: their
 * answer comes back from the service address itself. Such a packet follows the node's default
 * route out of the cluster, to the host's network.
 */
export function untranslatedFlows(table: string, servicePrefix: string): string[] {
  const prefix = servicePrefix.endsWith('.') ? servicePrefix : `${servicePrefix}.`;
  return table.split('\n').filter((line) => {
    const sent = line.indexOf(` dst=${prefix}`);
    return sent !== -1 && line.indexOf(` src=${prefix}`, sent + 1) !== -1;
  });
}

/** The untranslated service flows a node's conntrack table holds right now. */
export async function untranslatedFlowsOnNode(node: string, servicePrefix = '10.96'): Promise<string[]> {
  const table = await docker(['exec', node, 'cat', '/proc/net/nf_conntrack'], { allowFailure: true, timeoutMs: 20_000 });
  return untranslatedFlows(table, servicePrefix);
}

/**
 * How many seconds conntrack keeps the flow of a table line (its fifth field): a closed or
 * unanswered flow is forgotten then; an established one is kept for days.
 */
export function flowSecondsLeft(line: string): number | undefined {
  const left = Number(line.trim().split(/\s+/)[4]);
  return Number.isFinite(left) ? left : undefined;
}
