import { messageOf } from '../core/errors.js';
import { silent, type ProgressSink } from '../core/progress.js';
import { catalogFor } from '../setup/release.js';
import type { Check, CheckResult, DoctorState } from './check.js';
import { clusterChecks } from './cluster.js';
import { diskCheck, machineChecks, supportCheck } from './machine.js';
import { classChecks } from './class.js';
import { networkPolicyCheck } from './network-policy.js';
import { imagesCheck } from './images.js';
import { settled, type SettleOptions } from './settle.js';
import type { Budget } from '../class/budget.js';

export type { CheckResult } from './check.js';
export { defaultSettleWindowMs } from './settle.js';

const checks: Check[] = [supportCheck, ...machineChecks, imagesCheck, ...clusterChecks, networkPolicyCheck, diskCheck];

export interface DoctorOptions {
  classOf?: { students: number; budget: Budget };
  courseImages?: readonly string[];
  /**
   * How long after its nodes booted a cluster counts as still starting: a check that fails then on
   * what heals by itself is waited for until then (0 or `wait: false`: reported as "starting").
   */
  settleWindowMs?: number;
  /** false: never wait, report what is still starting as such (`--no-wait`). */
  wait?: boolean;
  /** Progress of the waits: a step per check waited for, with what it still misses. */
  sink?: ProgressSink;
}

/** Runs every check in order; a check whose prerequisite failed is skipped, not failed twice. */
export async function runDoctor(options: DoctorOptions = {}): Promise<CheckResult[]> {
  const state: DoctorState = { catalog: catalogFor(), docker: false, cgroupVersion: '', nodes: [], client: undefined, courseImages: options.courseImages ?? [] };
  const settle: SettleOptions = { windowMs: options.settleWindowMs, wait: options.wait !== false, sink: options.sink ?? silent };
  const results: CheckResult[] = [];
  for (const check of [...checks, ...(options.classOf ? classChecks(options.classOf.students, options.classOf.budget) : [])]) {
    const missing = check.needs.find((n) => (n === 'docker' ? !state.docker : n === 'nodes' ? !state.nodes.length || state.nodes.some((x) => !x.running) : !state.client));
    if (missing) {
      results.push({ id: check.id, title: check.title, status: 'skip', detail: `skipped: needs ${missing === 'api' ? 'the API server' : missing === 'nodes' ? 'running nodes' : 'Docker'}` });
      continue;
    }
    const first = await runCheck(check, state);
    results.push(first.status === 'fail' && check.settle ? await settled(check, state, first, () => runCheck(check, state), settle) : first);
  }
  return results;
}

async function runCheck(check: Check, state: DoctorState): Promise<CheckResult> {
  try {
    return { id: check.id, title: check.title, ...(await check.run(state)) };
  } catch (error) {
    return { id: check.id, title: check.title, status: 'fail', detail: messageOf(error), fix: '`kindlab up`, then `kindlab doctor` again' };
  }
}
