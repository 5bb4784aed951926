import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { labs } from '../course.js';
import { toJUnit } from '../../src/cli/reporters/junit.js';
import { untranslatedFlowsOnNode } from '../../src/cluster/conntrack.js';
import { Informer, verdictOf } from '../../src/observe/informer.js';
import { runLabs, type RunResult } from '../../src/runner/index.js';
import { kube, runKindlab } from './helpers.js';
import { openReport } from './report-browser.js';

const run = promisify(execFile);
const client = kube();
// The made-up password of manifests/config-and-secrets/config.yaml.
const secret = 'kindlab-S3cr3t-7f2c9a1e';


/** Waits (on a watch) until no lab namespace is left, even one still terminating. */
async function noLabNamespaces(): Promise<void> {
  const namespaces = new Informer(client, '/api/v1/namespaces', { labelSelector: 'kindlab.dev/lab' });
  try {
    await namespaces.waitFor((all) => verdictOf(all.size === 0 ? true : `left: ${[...all.values()].map((n) => n.metadata?.name).join(', ')}`), { what: 'no lab namespace left', timeoutMs: 90_000 });
  } finally {
    namespaces.stop();
  }
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

function schema(result: RunResult): void {
  expect(result.schema).toBe('kindlab.run/v1');
}

/** The figures the course quotes, as each lab measures them. */
function figures(result: RunResult): void {
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
}

describe('every lab on the real cluster', () => {
  // The whole suite takes 4–7 min on a 2-core machine (horizontal-scaling alone varies by a minute,
  // and the second run's exclusive lab waits its turn): a figure of the run, not an assertion.
  it('passes `kindlab run --all` while a second run shares the cluster, with figures, a valid JUnit report and no Secret value anywhere', { timeout: 1_500_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindlab-labs-'));
    const [outA, outB] = [join(dir, 'all.json'), join(dir, 'second.json')];
    const html = join(dir, 'all.html');
    const first = run('node', ['bin/kindlab.js', 'run', '--all', '--json', '--output', outA, '--timeline', '--html', html], { timeout: 1_500_000, maxBuffer: 64 * 1024 * 1024 });
    // A second terminal, 5 s later: the same lab (own namespace), and a lab that needs the whole cluster.
    await new Promise((r) => setTimeout(r, 5000));
    const second = run('node', ['bin/kindlab.js', 'run', 'self-healing', 'redundancy', '--json', '--output', outB], { timeout: 1_500_000, maxBuffer: 64 * 1024 * 1024 });
    const [a, b] = await Promise.all([first.catch((e: { stderr?: string }) => e), second.catch((e: { stderr?: string }) => e)]);
    const text = readFileSync(outA, 'utf8');
    const result = JSON.parse(text) as RunResult;
    const other = JSON.parse(readFileSync(outB, 'utf8')) as RunResult;
    expect(result.labs.map((l) => [l.id, l.status]), a.stderr).toEqual(labs.map((l) => [l.id, 'passed']));
    expect(other.labs.map((l) => [l.id, l.status]), b.stderr).toEqual([['self-healing', 'passed'], ['redundancy', 'passed']]);
    expect(result.runId).not.toBe(other.runId);
    expect(other.labs[0]!.namespace).not.toBe(result.labs.find((l) => l.id === 'self-healing')!.namespace);
    // Neither run took the other's namespaces for leftovers.
    expect(a.stderr).not.toMatch(new RegExp(`removed leftover namespace kindlab-[a-z-]+-${other.runId}`));
    expect(b.stderr).not.toMatch(new RegExp(`removed leftover namespace kindlab-[a-z-]+-${result.runId}`));
    // The lab that stops a node waited for the other run's labs, and said for whom.
    expect(b.stderr).toMatch(/waiting for \d+ lab\(s\) of other runs to finish|the cluster is held by lab/);
    schema(result);
    for (const lab of result.labs) expect(lab.measurements.length, lab.id).toBeGreaterThan(0);
    figures(result);

    const junit = toJUnit(result);
    writeFileSync(join(dir, 'run.xml'), junit);
    const parsed = await run('python3', ['-c', 'import sys, xml.dom.minidom as m; d = m.parse(sys.argv[1]); print(len(d.getElementsByTagName("testsuite")))', join(dir, 'run.xml')]);
    expect(parsed.stdout.trim()).toBe(String(labs.length));

    // The HTML report: one file, opened from disk in the real browser, a timeline per lab.
    expect(a.stderr).toContain(`HTML report: ${html}`);
    // A full run is 13 timelines long: the picture kept is its first screen (summary, first lab).
    const page = await openReport(html, 'docs/report-run.png', { firstScreen: true });
    try {
      expect(page.problems).toEqual([]);
      expect(await page.count('.pod-bar')).toBeGreaterThan(labs.length);
      expect(await page.count('svg')).toBeGreaterThanOrEqual(labs.length);
    } finally {
      await page.close();
    }

    // Never print a Secret's value: not in the JSON, the JUnit report, the HTML report, nor the progress output.
    for (const report of [text, junit, readFileSync(html, 'utf8'), a.stderr ?? '']) {
      expect(report).not.toContain(secret);
      expect(report).not.toContain(Buffer.from(secret).toString('base64'));
    }
    await noLabNamespaces();
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
    const interruptedAt = Date.now();
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    // Ctrl-C is honoured at once: the pods are stopped without grace and the namespace deleted.
    expect(Date.now() - interruptedAt).toBeLessThan(2000);
    expect(stderr).toContain('interrupted');
    await noLabNamespaces();
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

describe('a lab\'s requests from a pod inside the cluster, where the host\'s ports are not the way in', () => {
  it('runs the ingress lab through the Ingress controller\'s pod, Host headers and all, with the same checks', { timeout: 600_000 }, async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kindlab-from-pod-')), 'run.json');
    const ran = await runKindlab(['run', 'ingress', '--json', '--output', out], { env: { KINDLAB_TRAFFIC_FROM: 'pod' } });
    expect(ran.code, ran.stderr).toBe(0);
    const lab = (JSON.parse(readFileSync(out, 'utf8')) as RunResult).labs[0]!;
    expect(lab.status).toBe('passed');
    const timeline = lab.timeline.join('\n');
    expect(timeline).toMatch(/KINDLAB_TRAFFIC_FROM=pod\): the lab's requests come from a pod inside it/);
    // Every GET went from the client pod to the controller's pod address, none to 127.0.0.1.
    expect(timeline).toMatch(/GET http:\/\/nothing\.[^ ]+ \(http:\/\/\d+\.\d+\.\d+\.\d+:80\/, from a pod\) → 404/);
    expect(timeline).not.toMatch(/\(127\.0\.0\.1:\d+\)/);
  });
});
