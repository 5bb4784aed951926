import { describe, expect, it } from 'vitest';
import { KindlabError } from '../../src/core/errors.js';
import { pollUntil, waitFor, WaitTimeoutError } from '../../src/core/wait.js';

describe('the one wait', () => {
  it('resolves with the value and the time of what met it', async () => {
    const started = Date.now();
    const met = await waitFor<string>({ what: 'a value', timeoutMs: 1000 }, (progress) => {
      const timer = setTimeout(() => progress.met('here', started + 42), 20);
      return () => clearTimeout(timer);
    });
    expect(met).toEqual({ value: 'here', metAt: started + 42, elapsedMs: expect.any(Number) as number });
    expect(met.elapsedMs).toBeGreaterThanOrEqual(40);
  });

  it('turns its deadline into a WaitTimeoutError carrying the last verdict', async () => {
    const error = await waitFor({ what: 'three pods', timeoutMs: 50 }, (progress) => progress.pending('2/3 Ready')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).lastMismatch).toBe('2/3 Ready');
    expect((error as Error).message).toContain('waiting for three pods (last seen: 2/3 Ready)');
  });

  it('stops at once when its signal fires, with the signal reason, and unsubscribes', async () => {
    const controller = new AbortController();
    let unsubscribed = false;
    const waiting = waitFor({ what: 'forever', timeoutMs: 60_000, signal: controller.signal }, () => () => {
      unsubscribed = true;
    });
    const started = Date.now();
    setTimeout(() => controller.abort(new KindlabError('ABORTED', 'interrupted by Ctrl-C')), 10);
    await expect(waiting).rejects.toThrow('interrupted by Ctrl-C');
    expect(Date.now() - started).toBeLessThan(500);
    await new Promise((r) => setTimeout(r, 0));
    expect(unsubscribed).toBe(true);
  });

  it('refuses to start once aborted, and fails with what the waiter reports', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(waitFor({ what: 'x', timeoutMs: 1000, signal: controller.signal }, () => undefined)).rejects.toThrow('stopped waiting for x');
    await expect(waitFor({ what: 'y', timeoutMs: 1000 }, (p) => p.fail(new Error('the watch of pods stopped')))).rejects.toThrow('the watch of pods stopped');
  });

  it('polls a probe until it says true', async () => {
    let calls = 0;
    const met = await pollUntil({ what: 'a file', timeoutMs: 1000, everyMs: 5 }, async () => (++calls >= 3 ? true : `call ${calls}`));
    expect(calls).toBe(3);
    expect(met.elapsedMs).toBeGreaterThanOrEqual(5);
    const stopped = new AbortController();
    setTimeout(() => stopped.abort(), 20);
    await expect(pollUntil({ what: 'never', timeoutMs: 10_000, everyMs: 5, signal: stopped.signal }, async () => 'no')).rejects.toThrow('stopped waiting for never');
  });
});
