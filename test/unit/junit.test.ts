import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toJUnit } from '../../src/cli/reporters/junit.js';
import { summary } from '../../src/cli/reporters/run-text.js';
import type { RunResult } from '../../src/runner/index.js';

const result: RunResult = {
  schema: 'kindlab.run/v1',
  ok: false,
  startedAt: '2026-11-25T10:00:00.000Z',
  durationMs: 5000,
  runId: 'abc123',
  context: 'kind-kindlab',
  concurrency: 1,
  labs: [
    {
      id: 'self-healing',
      title: { fr: 'fr', en: 'en' },
      section: 's',
      status: 'failed',
      namespace: 'kindlab-self-healing',
      startedAt: '2026-11-25T10:00:00.000Z',
      durationMs: 4000,
      steps: [
        {
          title: 'Deploy <3> & wait',
          status: 'failed',
          durationMs: 3000,
          checks: [
            { name: 'ok check', status: 'passed', durationMs: 1200, deadlineMs: 90000 },
            {
              name: 'pods "Ready"',
              status: 'failed',
              durationMs: 90000,
              deadlineMs: 90000,
              message: 'not met: 1/3 Ready',
              diagnosis: { causes: ['image "x" is not present'], pods: [], events: ['Warning \u001b[31mFailed'], logs: [] },
            },
          ],
        },
      ],
      measurements: [{ name: 'kill_to_ready', value: 1234, unit: 'ms' }],
      watches: { opened: 4, resumed: 0 },
      timeline: [],
    },
  ],
};

describe('JUnit report', () => {
  it('is well-formed XML with one testcase per check and the diagnosis in the failure', () => {
    const xml = toJUnit(result);
    const dir = mkdtempSync(join(tmpdir(), 'kindlab-junit-'));
    writeFileSync(join(dir, 'r.xml'), xml);
    // Parsed by a real XML parser (Python's, present on every build machine).
    const parsed = execFileSync('python3', ['-c', 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); print(len(d.getElementsByTagName("testcase")), len(d.getElementsByTagName("failure")))', join(dir, 'r.xml')], { encoding: 'utf8' });
    expect(parsed.trim()).toBe('2 1');
    expect(xml).toContain('classname="self-healing.Deploy &lt;3&gt; &amp; wait"');
    expect(xml).toContain('image &quot;x&quot; is not present');
    expect(xml).toContain('<property name="kill_to_ready" value="1234 ms"/>');
  });

  it('ends the text summary with a passed/failed count line', () => {
    expect(summary(result).split('\n').at(-1)).toBe('0 passed, 1 failed (5.0s)');
  });
});
