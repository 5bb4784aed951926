import { messageOf } from '../core/errors.js';
import { catalogFor } from '../setup/release.js';
import type { Check, CheckResult, DoctorState } from './check.js';
import { clusterChecks } from './cluster.js';
import { diskCheck, machineChecks, supportCheck } from './machine.js';
import { classChecks } from './class.js';
import { networkPolicyCheck } from './network-policy.js';
import { imagesCheck } from './images.js';
import type { Budget } from '../class/budget.js';

export type { CheckResult } from './check.js';

const checks: Check[] = [supportCheck, ...machineChecks, imagesCheck, ...clusterChecks, networkPolicyCheck, diskCheck];

/** Runs every check in order; a check whose prerequisite failed is skipped, not failed twice. */
export async function runDoctor(options: { classOf?: { students: number; budget: Budget }; courseImages?: readonly string[] } = {}): Promise<CheckResult[]> {
  const state: DoctorState = { catalog: catalogFor(), docker: false, cgroupVersion: '', nodes: [], client: undefined, courseImages: options.courseImages ?? [] };
  const results: CheckResult[] = [];
  for (const check of [...checks, ...(options.classOf ? classChecks(options.classOf.students, options.classOf.budget) : [])]) {
    const missing = check.needs.find((n) => (n === 'docker' ? !state.docker : n === 'nodes' ? !state.nodes.length || state.nodes.some((x) => !x.running) : !state.client));
    if (missing) {
      results.push({ id: check.id, title: check.title, status: 'skip', detail: `skipped: needs ${missing === 'api' ? 'the API server' : missing === 'nodes' ? 'running nodes' : 'Docker'}` });
      continue;
    }
    try {
      results.push({ id: check.id, title: check.title, ...(await check.run(state)) });
    } catch (error) {
      results.push({ id: check.id, title: check.title, status: 'fail', detail: messageOf(error), fix: '`kindlab up`, then `kindlab doctor` again' });
    }
  }
  return results;
}
