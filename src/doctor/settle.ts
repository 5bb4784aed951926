import { messageOf } from '../core/errors.js';
import { step, type ProgressSink } from '../core/progress.js';
import { WaitTimeoutError } from '../core/wait.js';
import { lastBoot, type Check, type CheckResult, type DoctorState } from './check.js';

/**
 * How long after its nodes booted a cluster counts as still starting. Measured here: a new cluster's
 * workers, CoreDNS and add-ons are Ready 45–90 s after `kind create` returns; after a Docker restart
 * the kube-system pods take 20–120 s and stale conntrack entries expire within 120 s.
 */
export const defaultSettleWindowMs = 5 * 60_000;

/** However late in the window doctor runs, a check still starting gets this long. */
const minimumWaitMs = 30_000;

export interface SettleOptions {
  windowMs: number | undefined;
  wait: boolean;
  sink: ProgressSink;
}

/**
 * A failed check, judged again once what heals by itself had its time: only on a cluster whose
 * nodes booted within the window (created or restarted moments ago). On an older cluster the
 * failure stands as it is: nothing is left to wait for.
 */
export async function settled(check: Check, state: DoctorState, first: CheckResult, again: () => Promise<CheckResult>, options: SettleOptions): Promise<CheckResult> {
  const boot = lastBoot(state);
  const windowMs = options.windowMs ?? defaultSettleWindowMs;
  const startedAt = Date.now();
  if (!check.settle || boot === undefined || startedAt >= boot + windowMs) return first;
  const booted = `its nodes booted ${seconds(startedAt - boot)} ago`;
  if (!options.wait) {
    return { ...first, status: 'starting', detail: `still starting (${booted}): ${first.detail}`, fix: '`kindlab doctor` waits for it (without --no-wait)' };
  }
  const timeoutMs = Math.max(minimumWaitMs, boot + windowMs - startedAt);
  const id = `settle-${check.id}`;
  let timedOut: WaitTimeoutError | undefined;
  try {
    await step(options.sink, id, `${check.title}: waiting, the cluster is still starting (${booted}; at most ${seconds(timeoutMs)})`, () =>
      check.settle!(state, { timeoutMs, onPending: (message) => options.sink({ kind: 'info', step: id, message, at: Date.now() }) }),
    );
  } catch (error) {
    if (error instanceof WaitTimeoutError) timedOut = error;
    else options.sink({ kind: 'info', step: id, message: `stopped waiting: ${messageOf(error)}`, at: Date.now() });
  }
  const result = await again();
  const waited = seconds(Date.now() - startedAt);
  if (result.status !== 'fail') return { ...result, detail: `${result.detail} (after ${waited} waiting for it)` };
  return { ...result, detail: `${result.detail}; still so after ${waited} waiting${timedOut?.diagnosis ? `\n${indent(timedOut.diagnosis)}` : ''}` };
}

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function indent(text: string): string {
  return text.split('\n').map((line) => `      ${line}`).join('\n');
}
