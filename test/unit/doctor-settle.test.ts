import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/core/progress.js';
import { WaitTimeoutError } from '../../src/core/wait.js';
import type { Check, CheckResult, DoctorState } from '../../src/doctor/check.js';
import { settled } from '../../src/doctor/settle.js';

const minute = 60_000;
const stateBootedAgo = (ms: number): DoctorState =>
  ({ nodes: [{ name: 'kindlab-control-plane', role: 'control-plane', running: true, status: 'Up', startedAt: Date.now() - ms }] }) as unknown as DoctorState;
const failed: CheckResult = { id: 'nodes-ready', title: 'every node is Ready', status: 'fail', detail: '1/3 nodes Ready (2 registered)', fix: 'look' };
const passed: CheckResult = { ...failed, status: 'ok', detail: '3 nodes' };

function checkThat(settle: Check['settle']): Check & { waits: number } {
  const check = {
    id: 'nodes-ready',
    title: 'every node is Ready',
    needs: [],
    waits: 0,
    run: () => Promise.reject(new Error('not called: the test hands its own results')),
    settle: settle && ((state: DoctorState, wait: Parameters<NonNullable<Check['settle']>>[1]) => {
      check.waits++;
      return settle(state, wait);
    }),
  };
  return check;
}

describe('doctor on a cluster still starting', () => {
  it('waits for what heals, then judges again: a pass says how long it waited', async () => {
    const events: ProgressEvent[] = [];
    const check = checkThat(async (_state, wait) => {
      expect(wait.timeoutMs).toBeGreaterThan(3 * minute); // until 5 min after the boot, 20 s ago
      wait.onPending('2/3 nodes Ready (3 registered)');
    });
    const result = await settled(check, stateBootedAgo(20_000), failed, async () => passed, { windowMs: undefined, wait: true, sink: (e) => events.push(e) });
    expect(check.waits).toBe(1);
    expect(result.status).toBe('ok');
    expect(result.detail).toMatch(/^3 nodes \(after \d+ s waiting for it\)$/);
    // A progress line: the step names the check and the boot, then what it still misses.
    expect(events[0]).toMatchObject({ kind: 'start' });
    expect((events[0] as { title: string }).title).toMatch(/every node is Ready: waiting, the cluster is still starting \(its nodes booted 20 s ago; at most 4 min 40 s\)/);
    expect(events.some((e) => e.kind === 'info' && e.message === '2/3 nodes Ready (3 registered)')).toBe(true);
  });

  it('fails, with what it last saw, when the wait ran out', async () => {
    const check = checkThat(async () => {
      const timeout = new WaitTimeoutError('every node Ready', 1000, '2/3 nodes Ready');
      timeout.diagnosis = 'node kindlab-worker2: NotReady (KubeletNotReady)';
      throw timeout;
    });
    const result = await settled(check, stateBootedAgo(minute), failed, async () => failed, { windowMs: undefined, wait: true, sink: () => {} });
    expect(result.status).toBe('fail');
    expect(result.detail).toContain('1/3 nodes Ready (2 registered); still so after');
    expect(result.detail).toContain('node kindlab-worker2: NotReady (KubeletNotReady)');
  });

  it('does not wait on a cluster that booted long ago: its failure stands', async () => {
    const check = checkThat(async () => {});
    const result = await settled(check, stateBootedAgo(10 * minute), failed, async () => passed, { windowMs: undefined, wait: true, sink: () => {} });
    expect(check.waits).toBe(0);
    expect(result).toBe(failed);
  });

  it('with --no-wait, says "still starting" instead of FAIL, and how to wait', async () => {
    const check = checkThat(async () => {});
    const result = await settled(check, stateBootedAgo(20_000), failed, async () => passed, { windowMs: undefined, wait: false, sink: () => {} });
    expect(check.waits).toBe(0);
    expect(result.status).toBe('starting');
    expect(result.detail).toBe('still starting (its nodes booted 20 s ago): 1/3 nodes Ready (2 registered)');
    expect(result.fix).not.toContain('--recreate');
  });

  it('never waits for a check that nothing heals', async () => {
    const check = checkThat(undefined);
    const result = await settled(check, stateBootedAgo(20_000), failed, async () => passed, { windowMs: undefined, wait: true, sink: () => {} });
    expect(result).toBe(failed);
  });

  it('takes the window it is given (--settle)', async () => {
    const check = checkThat(async () => {});
    const result = await settled(check, stateBootedAgo(2 * minute), failed, async () => passed, { windowMs: minute, wait: true, sink: () => {} });
    expect(check.waits).toBe(0);
    expect(result).toBe(failed);
  });
});
