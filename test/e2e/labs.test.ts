import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { labs } from '../../labs/index.js';
import { toJUnit } from '../../src/cli/reporters/junit.js';
import { untranslatedFlowsOnNode } from '../../src/cluster/conntrack.js';
import { runLabs, type RunResult } from '../../src/runner/index.js';
import { kube } from './helpers.js';

const run = promisify(execFile);
const client = kube();
// The made-up password of manifests/config-and-secrets/config.yaml.
const secret = 'kindlab-S3cr3t-7f2c9a1e';

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

describe('every lab on the real cluster', () => {
  // The whole suite takes 3–5 min on a 2-core machine (horizontal-scaling alone varies by a minute):
  // its duration is a figure of the run, not something this test asserts.
  it('passes `kindlab run --all`, with figures in the JSON, a valid JUnit report and no Secret value anywhere', { timeout: 900_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindlab-labs-'));
    const out = join(dir, 'run.json');
    const { stderr } = await run('node', ['bin/kindlab.js', 'run', '--all', '--json', '--output', out, '--timeline'], { timeout: 900_000, maxBuffer: 64 * 1024 * 1024 });
    const text = readFileSync(out, 'utf8');
    const result = JSON.parse(text) as RunResult;
    expect(result.schema).toBe('kindlab.run/v1');
    expect(result.labs.map((l) => [l.id, l.status])).toEqual(labs.map((l) => [l.id, 'passed']));
    for (const lab of result.labs) expect(lab.measurements.length, lab.id).toBeGreaterThan(0);

    for (const name of ['kill_to_ready', 'delete_to_created', 'delete_to_scheduled', 'delete_to_running', 'delete_to_ready']) {
      expect(figure(result, 'self-healing', name)?.value, name).toBeGreaterThan(0);
    }
    expect(figure(result, 'rolling-update', 'update_failed_requests')?.value).toBe(0);
    expect(figure(result, 'rolling-update', 'restart_failed_requests')?.value).toBe(0);
    expect(figure(result, 'rolling-update', 'fragile_failed_requests')?.details).toHaveProperty('downtime');
    const pvc = figure(result, 'persistence', 'pvc_recovery')?.details as { sha256Written: string; sha256Read: string };
    expect(pvc.sha256Written).toMatch(/^[0-9a-f]{64}$/);
    expect(pvc.sha256Read).toBe(pvc.sha256Written);
    expect(figure(result, 'rollback', 'failed_requests')?.value).toBe(0);
    expect(figure(result, 'horizontal-scaling', 'peak_replicas')?.value).toBeGreaterThanOrEqual(2);

    const junit = toJUnit(result);
    writeFileSync(join(dir, 'run.xml'), junit);
    const parsed = await run('python3', ['-c', 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); print(len(d.getElementsByTagName("testsuite")))', join(dir, 'run.xml')]);
    expect(parsed.stdout.trim()).toBe(String(labs.length));

    // Never print a Secret's value: not in the JSON, the JUnit report, nor the progress output.
    for (const report of [text, junit, stderr]) {
      expect(report).not.toContain(secret);
      expect(report).not.toContain(Buffer.from(secret).toString('base64'));
    }
    expect(await labNamespaces()).toEqual([]);
  });

  it('leaves no lab namespace behind when interrupted with Ctrl-C in the middle of a lab', async () => {
    const child = spawn('node', ['bin/kindlab.js', 'run', 'self-healing'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the lab never reached its second step:\n${stderr}`)), 120_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`kindlab exited (${code}) before the lab reached its second step:\n${stderr}`));
      });
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
    for (let i = 0; i < 2; i++) {
      const result = await runLabs({ client, labs: [lab] });
      expect(result.ok).toBe(true);
    }
    // Every watch is closed with its lab: a leak would add several sockets per run.
    expect(openSockets() - before).toBeLessThanOrEqual(3);
  });

  it('never lets service traffic leave a node untranslated (no flow to a ClusterIP without NAT)', async () => {
    const nodes = (await client.core.listNode()).items.map((n) => n.metadata!.name!);
    for (const node of nodes) expect(await untranslatedFlowsOnNode(node), node).toEqual([]);
  });
});
