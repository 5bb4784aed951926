import { KindlabError } from '../core/errors.js';

/** What one student may use: their namespace's ResourceQuota, and the defaults of its LimitRange. */
export interface Budget {
  name: string;
  /** Sum over the student's pods (ResourceQuota). */
  requestsCpu: number;
  requestsMemoryMi: number;
  limitsCpu: number;
  limitsMemoryMi: number;
  pods: number;
  claims: number;
  storageMi: number;
  /**
   * A container's limits when its manifest sets none (LimitRange default): small enough that the
   * largest exercise (5 replicas, or 3 + a surge pod + the sampler) fits in the limits above.
   */
  defaultLimitCpu: number;
  defaultLimitMemoryMi: number;
  /** Writable layers, logs and emptyDirs of all the student's containers (quota), and a container's default. */
  ephemeralStorageMi: number;
  defaultEphemeralStorageMi: number;
}

export const budgets: Record<string, Budget> = {
  // For load tests of the class itself: thirty students on a 2-core laptop, whose two workers
  // each offer its 2 CPUs (30 × 0.1 = 3 of 4 allocatable).
  tiny: { name: 'tiny', requestsCpu: 0.1, requestsMemoryMi: 256, limitsCpu: 1, limitsMemoryMi: 512, pods: 10, claims: 2, storageMi: 512, defaultLimitCpu: 0.15, defaultLimitMemoryMi: 64, ephemeralStorageMi: 1024, defaultEphemeralStorageMi: 64 },
  small: { name: 'small', requestsCpu: 0.5, requestsMemoryMi: 768, limitsCpu: 2, limitsMemoryMi: 1536, pods: 15, claims: 3, storageMi: 2048, defaultLimitCpu: 0.3, defaultLimitMemoryMi: 128, ephemeralStorageMi: 2048, defaultEphemeralStorageMi: 128 },
  medium: { name: 'medium', requestsCpu: 1, requestsMemoryMi: 1536, limitsCpu: 4, limitsMemoryMi: 3072, pods: 30, claims: 5, storageMi: 4096, defaultLimitCpu: 0.5, defaultLimitMemoryMi: 256, ephemeralStorageMi: 4096, defaultEphemeralStorageMi: 128 },
};

export function budgetNamed(name: string): Budget {
  const budget = budgets[name];
  if (!budget) throw new KindlabError('BAD_OPTION', `--budget must be one of ${Object.keys(budgets).join(', ')}, got "${name}"`);
  return budget;
}

/**
 * Whether N students, each requesting up to the budget, fit in what the schedulable nodes can
 * allocate; true, or the numbers that do not fit.
 */
export function capacityVerdict(students: number, budget: Budget, allocatable: { cpu: number; memoryMi: number }): true | string {
  const cpu = students * budget.requestsCpu;
  const memory = students * budget.requestsMemoryMi;
  const over: string[] = [];
  if (cpu > allocatable.cpu) over.push(`CPU: ${students} × ${budget.requestsCpu} = ${round(cpu)} requested, ${round(allocatable.cpu)} allocatable`);
  if (memory > allocatable.memoryMi) over.push(`memory: ${students} × ${budget.requestsMemoryMi} MiB = ${Math.round(memory)} MiB requested, ${Math.round(allocatable.memoryMi)} MiB allocatable`);
  return over.length ? over.join('; ') : true;
}

const round = (n: number) => Math.round(n * 100) / 100;
