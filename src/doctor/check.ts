import type { Catalog, NodeContainer } from '../cluster/index.js';
import type { KubeClient } from '../kube/client.js';

export interface CheckResult {
  id: string;
  title: string;
  /** warn: something the labs do not need is missing (the cluster is still ready for them). */
  status: 'ok' | 'warn' | 'fail' | 'skip';
  detail: string;
  /** The command (or action) that fixes a failure. */
  fix?: string;
}

/** What the checks learn as they go, so later checks build on earlier ones. */
export interface DoctorState {
  catalog: Catalog;
  docker: boolean;
  /** The host's cgroup version, once Docker answered. */
  cgroupVersion: string;
  nodes: NodeContainer[];
  client: KubeClient | undefined;
  /** The course's own images (its kindlab.yaml `images:`), which `kindlab up` pulls or finds in Docker. */
  courseImages: readonly string[];
}

export type Prerequisite = 'docker' | 'nodes' | 'api';

export interface Check {
  id: string;
  title: string;
  needs: Prerequisite[];
  run(state: DoctorState): Promise<Omit<CheckResult, 'id' | 'title'>>;
}

export const ok = (detail: string) => ({ status: 'ok' as const, detail });
export const fail = (detail: string, fix: string) => ({ status: 'fail' as const, detail, fix });
export const warn = (detail: string, fix: string) => ({ status: 'warn' as const, detail, fix });

/** Node name -> when its container booted, for the running kind nodes. */
export function bootTimes(state: DoctorState): Map<string, number> {
  return new Map(state.nodes.filter((n) => n.running && n.startedAt > 0).map((n) => [n.name, n.startedAt]));
}
