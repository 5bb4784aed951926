import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/check/index.js';
import { kube } from './helpers.js';

const run = promisify(execFile);
const client = kube();

/** `kindlab check --json`, whatever its exit code. */
async function check(...args: string[]): Promise<{ code: number; report: CheckReport; text: string }> {
  try {
    const { stdout } = await run('node', ['bin/kindlab.js', 'check', '--json', ...args]);
    return { code: 0, report: JSON.parse(stdout) as CheckReport, text: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, report: JSON.parse(e.stdout) as CheckReport, text: e.stdout };
  }
}

describe('kindlab check on the real cluster', () => {
  it("passes the course's example, validated by the API server", async () => {
    const { code, report } = await check('test/fixtures/check/good');
    expect(report.server).toEqual({ checked: true });
    expect(report.findings).toEqual([]);
    expect(code).toBe(0);
  });

  it("adds the API server's verdict (a misspelt field) to the rules, creates nothing and prints no Secret value", async () => {
    const before = (await client.apps.listNamespacedDeployment({ namespace: 'default' })).items.map((d) => d.metadata?.name);
    const { code, report, text } = await check('test/fixtures/check/broken');
    expect(code).toBe(1);
    expect(report.server).toEqual({ checked: true });
    const fromApi = report.findings.filter((f) => f.rule === 'rejected-by-api');
    expect(fromApi.map((f) => f.subject)).toEqual(['Deployment web', 'Secret web-secret']);
    expect(fromApi[0]!.message).toContain('.spec.replica');
    expect(text).not.toContain('check-S3cr3t-value');
    const after = (await client.apps.listNamespacedDeployment({ namespace: 'default' })).items.map((d) => d.metadata?.name);
    expect(after).toEqual(before);
  });
});
