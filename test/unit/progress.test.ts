import { describe, expect, it } from 'vitest';
import { progressReporter, seconds } from '../../src/cli/reporters/progress.js';
import { step } from '../../src/core/progress.js';

function fakeStream() {
  const chunks: string[] = [];
  return { stream: { write: (s: string) => chunks.push(s), isTTY: false } as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

describe('progress reporter (plain mode)', () => {
  it('prints a start line and an end line with duration and detail', async () => {
    const out = fakeStream();
    const reporter = progressReporter({ stream: out.stream, interactive: false });
    await step(reporter, 'a', 'build thing', async () => 42, (n) => `answer ${n}`);
    reporter.close();
    expect(out.text()).toMatch(/^▶ build thing\n✓ build thing \(\d+\.\ds\) — answer 42\n$/);
  });

  it('marks a failed step and rethrows', async () => {
    const out = fakeStream();
    const reporter = progressReporter({ stream: out.stream, interactive: false });
    await expect(step(reporter, 'b', 'break thing', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    reporter.close();
    expect(out.text()).toContain('✗ break thing');
  });

  it('shows step output only when verbose', () => {
    const quiet = fakeStream();
    const r1 = progressReporter({ stream: quiet.stream, interactive: false });
    r1({ kind: 'start', step: 's', title: 't', at: Date.now() });
    r1({ kind: 'info', step: 's', message: 'compiling', at: Date.now() });
    r1.close();
    expect(quiet.text()).not.toContain('compiling');
    const loud = fakeStream();
    const r2 = progressReporter({ stream: loud.stream, interactive: false, verbose: true });
    r2({ kind: 'start', step: 's', title: 't', at: Date.now() });
    r2({ kind: 'info', step: 's', message: 'compiling', at: Date.now() });
    r2.close();
    expect(loud.text()).toContain('compiling');
  });

  it('formats durations', () => {
    expect(seconds(1234)).toBe('1.2s');
    expect(seconds(125_000)).toBe('2m05s');
  });
});
