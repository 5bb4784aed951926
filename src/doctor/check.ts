import type { Catalog, NodeContainer } from '../cluster/index.js';
import type { KubeClient } from '../kube/client.js';

export interface CheckResult {
  id: string;
  title: string;
  /**
   * warn: something the labs do not need is missing (the cluster is still ready for them);
   * starting: not yet, on a cluster still starting or coming back, and time heals it (`--no-wait`).
   */
  status: 'ok' | 'warn' | 'fail' | 'skip' | 'starting';
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
  /**
   * What heals by itself on a cluster still starting or coming back (nodes joining, pods
   * restarting, add-ons rolling out): waits for it, on watches, within `wait.timeoutMs`; throws
   * (a WaitTimeoutError with what it last saw) when it did not. The check is run again after it.
   */
  settle?(state: DoctorState, wait: SettleWait): Promise<void>;
}

export interface SettleWait {
  timeoutMs: number;
  /** Told what is still missing, each time that changes. */
  onPending: (verdict: string) => void;
}

export const ok = (detail: string) => ({ status: 'ok' as const, detail });
export const fail = (detail: string, fix: string) => ({ status: 'fail' as const, detail, fix });
export const warn = (detail: string, fix: string) => ({ status: 'warn' as const, detail, fix });

/** When the last of the running nodes booted (ms since epoch), or undefined without nodes. */
export function lastBoot(state: DoctorState): number | undefined {
  const boots = [...bootTimes(state).values()];
  return boots.length ? Math.max(...boots) : undefined;
}

/** Node name -> when its container booted, for the running kind nodes. */
export function bootTimes(state: DoctorState): Map<string, number> {
  return new Map(state.nodes.filter((n) => n.running && n.startedAt > 0).map((n) => [n.name, n.startedAt]));
}
