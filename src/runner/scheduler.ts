/** What the scheduler needs to know of a lab. */
export interface Schedulable {
  /** Runs alone on the cluster: nothing else of this run runs beside it. */
  exclusive?: boolean;
  /** How long it is expected to take (ms): the longest shared ones start first. */
  expectedMs?: number;
}

export interface ScheduleOptions {
  /** How many shared items run at once (at least 1). */
  concurrency: number;
  /** Once aborted, nothing new starts; what runs is left to finish (it sees the same signal). */
  signal: AbortSignal;
}

/**
 * The order a run follows: shared labs first, `concurrency` at a time, the longest first (a long
 * lab started last would end the run alone), then the exclusive ones, each alone — no idle slot
 * waits for an exclusive lab in the middle. Pure of any cluster, so it is
 * tested with fake work. Returns each item's result by position; `undefined` for items that never
 * started because the signal fired.
 */
export async function schedule<T extends Schedulable, R>(items: readonly T[], options: ScheduleOptions, runOne: (item: T) => Promise<R>): Promise<Array<R | undefined>> {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const exclusive = (i: number) => Number(Boolean(items[i]!.exclusive));
  const expected = (i: number) => items[i]!.expectedMs ?? 0;
  const order = [...items.keys()].sort((a, b) => exclusive(a) - exclusive(b) || expected(b) - expected(a) || a - b);
  const results: Array<R | undefined> = items.map(() => undefined);
  const running = new Map<number, Promise<void>>();
  let exclusiveRunning = false;

  while (order.length > 0 && !options.signal.aborted) {
    const next = order[0]!;
    const alone = Boolean(items[next]!.exclusive);
    const fits = !exclusiveRunning && (alone ? running.size === 0 : running.size < concurrency);
    if (!fits) {
      await Promise.race(running.values());
      continue;
    }
    order.shift();
    exclusiveRunning = alone;
    const done = runOne(items[next]!)
      .then((result) => {
        results[next] = result;
      })
      .finally(() => {
        running.delete(next);
        if (alone) exclusiveRunning = false;
      });
    running.set(next, done);
  }
  await Promise.all(running.values());
  return results;
}
