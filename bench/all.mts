/**
 * `npm run bench`: one table of what issue 17 asks to measure, each section in its own process
 * (bench/up.mts, bench/run-all.mts, bench/detection-lag.mts; each also runs alone).
 *
 *   up        kindlab up vs bare kind create --wait, same node image and kind-config.yaml (ratio, goal ≤ 1.10)
 *   run --all wall time of each run (goal ≤ 150 s), each lab's median, harness max RSS (goal ≤ 300 MB)
 *   lag       how long after the API records a change the engine sees it (watch vs 1 s polling)
 *
 * BENCH=up,run,lag picks sections (default: all). It recreates the cluster (up): run it alone.
 */
import { execa } from 'execa';

const sections = (process.env.BENCH ?? 'up,run,lag').split(',');
const scripts: Record<string, string> = { up: 'bench/up.mts', run: 'bench/run-all.mts', lag: 'bench/detection-lag.mts' };
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
};

const data: Record<string, any> = {};
for (const section of sections) {
  const script = scripts[section];
  if (!script) throw new Error(`unknown bench section "${section}" (up, run, lag)`);
  process.stderr.write(`\n== ${section} (${script})\n`);
  const { stdout } = await execa('npx', ['tsx', script], { stderr: 'inherit' });
  // Each section ends its stdout with one JSON document (maybe indented), after any text.
  data[section] = JSON.parse(stdout.slice(Math.max(0, stdout.search(/^\{/m))));
}

const rows: Array<[string, string, string]> = [];
if (data.up) {
  const u = data.up;
  rows.push(['up vs bare kind (median)', `${s(u.medianUpMs)} vs ${s(u.medianBareMs)} = ${u.ratio}×`, u.ratio <= 1.1 ? 'met (≤ 1.10×)' : 'NOT met (≤ 1.10×)']);
  rows.push(['  each round: up / bare', u.upMs.map((m: number, i: number) => `${s(m)} / ${s(u.bareMs[i])} = ${u.pairedRatios[i]}×`).join(', '), `median ${u.medianPairedRatio}×`]);
  rows.push(['  up + nodes, DNS, add-ons ready', s(u.medianUpReadyMs), '']);
}
if (data.run) {
  const runs = data.run.runs as Array<{ wallMs: number; ok: boolean; maxRssMb: number; labs: Record<string, { durationMs: number }> }>;
  const walls = runs.map((r) => r.wallMs);
  rows.push(['run --all wall (each run)', walls.map(s).join(', '), walls.every((w) => w <= 150_000) ? 'met (≤ 150 s)' : 'NOT met (≤ 150 s)']);
  rows.push(['run --all green', runs.map((r) => (r.ok ? 'green' : 'RED')).join(', '), runs.every((r) => r.ok) ? 'met' : 'NOT met']);
  const rss = Math.max(...runs.map((r) => r.maxRssMb));
  rows.push(['harness max RSS', `${rss} MB`, rss <= 300 ? 'met (≤ 300 MB)' : 'NOT met (≤ 300 MB)']);
  for (const lab of Object.keys(runs[0]?.labs ?? {})) rows.push([`  ${lab} (median)`, s(median(runs.map((r) => r.labs[lab]?.durationMs ?? NaN))), '']);
}
if (data.lag) {
  const l = data.lag;
  rows.push(['lag, ConfigMap change: watch / poll 1 s (median)', `${l.configMapAnnotation.watch.median} ms / ${l.configMapAnnotation.poll1s.median} ms`, '']);
  rows.push(['lag, pod Ready: watch / poll 1 s (median)', `${l.podReady.watch.median} ms / ${l.podReady.poll1s.median} ms`, '']);
}
const width = Math.max(...rows.map((r) => r[0].length));
const valueWidth = Math.max(...rows.map((r) => r[1].length));
console.log(`\n${'measure'.padEnd(width)}  ${'value'.padEnd(valueWidth)}  goal`);
for (const [name, value, goal] of rows) console.log(`${name.padEnd(width)}  ${value.padEnd(valueWidth)}  ${goal}`);
