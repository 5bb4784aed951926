/**
 * `kindlab run --all`, several times in a row on the running cluster: the wall time of each run,
 * each lab's time, whether every lab passed, and the harness's peak memory (max RSS of the
 * `kindlab` process, as /usr/bin/time measures it).
 *
 *   npx tsx bench/run-all.mts        RUNS=3 (default); JSON on stdout, progress on stderr
 *
 * Needs the cluster (`kindlab up`) and the build (`npm run build`); nothing else on it meanwhile.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { fromProject } from '../src/core/paths.js';
import type { RunResult } from '../src/runner/results.js';

const runs = Number(process.env.RUNS ?? 3);
const say = (line: string) => process.stderr.write(`${line}\n`);
const dir = mkdtempSync(join(tmpdir(), 'kindlab-bench-run-'));

interface OneRun {
  wallMs: number;
  ok: boolean;
  maxRssMb: number;
  labs: Record<string, { status: string; durationMs: number }>;
}

async function runAll(index: number): Promise<OneRun> {
  const report = join(dir, `run-${index}.json`);
  const started = Date.now();
  // GNU time's %M: the peak resident set of the harness, in KiB.
  const result = await execa('/usr/bin/time', ['-f', 'maxrss_kb=%M', process.execPath, fromProject('bin/kindlab.js'), 'run', '--all', '--json', '--output', report], { reject: false, all: false });
  const wallMs = Date.now() - started;
  const rss = Number(/maxrss_kb=(\d+)/.exec(result.stderr)?.[1] ?? NaN);
  const parsed = JSON.parse(readFileSync(report, 'utf8')) as RunResult;
  return {
    wallMs,
    ok: result.exitCode === 0 && parsed.ok,
    maxRssMb: Math.round(rss / 1024),
    labs: Object.fromEntries(parsed.labs.map((l) => [l.id, { status: l.status, durationMs: l.durationMs }])),
  };
}

const results: OneRun[] = [];
for (let i = 1; i <= runs; i++) {
  const r = await runAll(i);
  results.push(r);
  const failed = Object.entries(r.labs).filter(([, l]) => l.status !== 'passed').map(([id]) => id);
  say(`run ${i}: ${(r.wallMs / 1000).toFixed(1)} s, ${r.ok ? 'all passed' : `FAILED: ${failed.join(', ')}`}, harness max RSS ${r.maxRssMb} MB`);
}
console.log(JSON.stringify({ runs: results }));
