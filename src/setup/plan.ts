/** What `kindlab up` finds before it decides. */
export interface ClusterState {
  /** Nodes in kind-config.yaml. */
  expected: number;
  /** The cluster's node containers as Docker has them. */
  nodes: ReadonlyArray<{ name: string; running: boolean }>;
  /** Why the existing cluster no longer matches the checkout (kind-config.yaml or the node recipe changed). */
  stale?: string | undefined;
  /** `--recreate`. */
  recreate: boolean;
}

/**
 * What to do first: create a cluster, recreate it, reuse a running one (if it is healthy, or
 * becomes so in time; else recreate it), or start stopped nodes (then the same). Pure, so every
 * case is a unit test; `up` carries it out.
 */
export type ClusterPlan = { action: 'create' | 'recreate' | 'reuse' | 'start'; reason: string };

export function planCluster(state: ClusterState): ClusterPlan {
  const { nodes, expected } = state;
  if (nodes.length === 0) return { action: 'create', reason: 'no cluster yet' };
  if (state.recreate) return { action: 'recreate', reason: '--recreate' };
  if (state.stale) return { action: 'recreate', reason: state.stale };
  if (nodes.length !== expected) return { action: 'recreate', reason: `found ${nodes.length} of ${expected} nodes: a half-created cluster` };
  const stopped = nodes.filter((n) => !n.running).map((n) => n.name);
  if (stopped.length === 0) return { action: 'reuse', reason: 'every node runs' };
  return { action: 'start', reason: `stopped nodes: ${stopped.join(', ')}` };
}
