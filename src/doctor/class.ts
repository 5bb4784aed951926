import { readFileSync } from 'node:fs';
import { capacityVerdict, type Budget } from '../class/budget.js';
import { cpuOf, memoryMiOf } from '../core/quantity.js';
import { isSchedulable } from '../kube/status.js';
import { fail, ok, type Check } from './check.js';

/** What a machine needs for a class of N: room on the nodes for N × budget, and inotify for many pods. */
export function classChecks(students: number, budget: Budget): Check[] {
  return [
    {
      id: 'class-capacity',
      title: `room for ${students} students (${budget.name} budget)`,
      needs: ['api'],
      async run(state) {
        const nodes = (await state.client!.core.listNode()).items.filter(isSchedulable);
        const allocatable = nodes.reduce((sum, n) => ({ cpu: sum.cpu + cpuOf(n.status?.allocatable?.cpu ?? '0'), memoryMi: sum.memoryMi + memoryMiOf(n.status?.allocatable?.memory ?? '0') }), { cpu: 0, memoryMi: 0 });
        const verdict = capacityVerdict(students, budget, allocatable);
        const fits = Math.floor(Math.min(allocatable.cpu / budget.requestsCpu, allocatable.memoryMi / budget.requestsMemoryMi));
        if (verdict !== true) return fail(`${verdict}; ${fits} students fit`, `\`kindlab class up --budget tiny\`, fewer students, or more nodes`);
        return ok(`${students} × (${budget.requestsCpu} CPU, ${budget.requestsMemoryMi} MiB) within ${allocatable.cpu} CPU, ${Math.round(allocatable.memoryMi)} MiB allocatable on ${nodes.length} node(s); up to ${fits} students fit`);
      },
    },
    {
      id: 'class-inotify',
      title: 'inotify limits for many pods on one machine',
      needs: [],
      async run() {
        const read = (name: string) => Number(readFileSync(`/proc/sys/fs/inotify/${name}`, 'utf8').trim());
        const instances = read('max_user_instances');
        const watches = read('max_user_watches');
        // kind's known issue "pod errors due to too many open files": these are its figures.
        if (instances < 512 || watches < 524288) {
          return fail(`max_user_instances=${instances}, max_user_watches=${watches}`, 'sudo sysctl fs.inotify.max_user_instances=512 fs.inotify.max_user_watches=524288');
        }
        return ok(`max_user_instances=${instances}, max_user_watches=${watches}`);
      },
    },
  ];
}
