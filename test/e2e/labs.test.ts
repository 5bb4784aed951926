import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { labs } from '../../labs/index.js';
import { toJUnit } from '../../src/cli/reporters/junit.js';
import { runLabs, type RunResult } from '../../src/runner/index.js';
import { kube } from './helpers.js';

const run = promisify(execFile);
const client = kube();

async function labNamespaces(): Promise<string[]> {
  const list = await client.core.listNamespace({ labelSelector: 'kindlab.dev/lab' });
  return list.items.map((n) => n.metadata?.name ?? '');
}

function openSockets(): number {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:');
    } catch {
      return false;
    }
  }).length;
}

const figure = (result: RunResult, lab: string, name: string) => result.labs.find((l) => l.id === lab)?.measurements.find((m) => m.name === name);

describe('the headline labs on the real cluster', () => {
  it('pass, with their figures in the JSON report and a valid JUnit report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindlab-labs-'));
    const out = join(dir, 'run.json');
    await run('node', ['bin/kindlab.js', 'run', 'self-healing', 'rolling-update', 'persistence', '--json', '--output', out], { timeout: 600_000 });
    const result = JSON.parse(readFileSync(out, 'utf8')) as RunResult;
    expect(result.schema).toBe('kindlab.run/v1');
    expect(result.labs.map((l) => [l.id, l.status])).toEqual([
      ['self-healing', 'passed'],
      ['rolling-update', 'passed'],
      ['persistence', 'passed'],
    ]);
    for (const name of ['kill_to_ready', 'delete_to_created', 'delete_to_scheduled', 'delete_to_running', 'delete_to_ready']) {
      expect(figure(result, 'self-healing', name)?.value, name).toBeGreaterThan(0);
    }
    expect(figure(result, 'rolling-update', 'update_failed_requests')?.value).toBe(0);
    expect(figure(result, 'rolling-update', 'restart_failed_requests')?.value).toBe(0);
    const fragile = figure(result, 'rolling-update', 'fragile_failed_requests');
    expect(fragile?.details).toHaveProperty('downtime');
    const pvc = figure(result, 'persistence', 'pvc_recovery')?.details as { sha256Written: string; sha256Read: string };
    expect(pvc.sha256Written).toMatch(/^[0-9a-f]{64}$/);
    expect(pvc.sha256Read).toBe(pvc.sha256Written);
    expect(toJUnit(result)).toContain('<testsuite name="rolling-update"');
    expect(await labNamespaces()).toEqual([]);
  });

  it('leaves no lab namespace behind when interrupted with Ctrl-C in the middle of a lab', async () => {
    const child = spawn('node', ['bin/kindlab.js', 'run', 'self-healing'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the lab never reached its second step:\n${stderr}`)), 120_000);
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('▶ Kill the main process')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(await labNamespaces()).toEqual([]);
  });

  it('keeps its watch sockets bounded over repeated runs', async () => {
    const lab = labs.find((l) => l.id === 'self-healing')!;
    await runLabs({ client, labs: [lab] });
    const before = openSockets();
    for (let i = 0; i < 3; i++) {
      const result = await runLabs({ client, labs: [lab] });
      expect(result.ok).toBe(true);
    }
    // Every watch is closed with its lab: a leak would add several sockets per run.
    expect(openSockets() - before).toBeLessThanOrEqual(3);
  });
});
