/**
 * `kindlab up` against bare kind, side by side: the same node image, the same kind-config.yaml,
 * one process, rounds in ABBA order (bare, kindlab / kindlab, bare / …) so that a machine warming
 * up or slowing down weighs on both. Each create starts with no cluster (the delete is not timed).
 *
 *   bare:    kind create cluster --config kind-config.yaml --image <node image> --wait 5m
 *   kindlab: up() — ready when the control plane is, like kind's --wait; its images baked or loaded,
 *            its add-ons applied once the control plane is Ready. "+ ready" adds the wait until every node, CoreDNS and every
 *            add-on serves (what the first lab waits for), reported beside the ratio.
 *
 *   npx tsx bench/up.mts        ROUNDS=5 (default: creation times vary by ±30 % here); JSON on stdout, progress on stderr
 *
 * It deletes and creates the kindlab cluster: never while something else uses it.
 */
import { execa } from 'execa';
import { ensureKind, ImageBuilder, Kind } from '../src/cluster/index.js';
import { fromProject } from '../src/core/paths.js';
import { connect } from '../src/kube/client.js';
import { addonsFor, podNetworkOf, waitForAddons } from '../src/observe/addons.js';
import { waitForClusterReady } from '../src/observe/cluster-readiness.js';
import { up } from '../src/setup/index.js';

const rounds = Number(process.env.ROUNDS ?? 5);
const config = fromProject('kind-config.yaml');
const say = (line: string) => process.stderr.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const binary = await ensureKind(new ImageBuilder().catalog.kind, () => undefined);
const kind = binary.path;
// kindlab's delete: a node a frozen cgroup keeps alive (cgroup v1) is thawed, not left half-deleted.
const deleteCluster = () => new Kind(binary).delete('kindlab');

/** Warm-up (not timed): the node image chosen, its lab images baked, the cluster record written. */
async function warmUp(): Promise<string> {
  say('warm-up: kindlab up --recreate (not timed)');
  const result = await up({ recreate: true, wait: true });
  if (!result.nodeImage) throw new Error('up did not create the cluster');
  return result.nodeImage.ref;
}

async function timeBare(image: string): Promise<number> {
  await deleteCluster();
  const started = Date.now();
  await execa(kind, ['create', 'cluster', '--config', config, '--image', image, '--wait', '5m']);
  return Date.now() - started;
}

async function timeKindlab(): Promise<{ upMs: number; readyMs: number; steps: Record<string, number> }> {
  await deleteCluster();
  const started = Date.now();
  const result = await up({});
  const upMs = Date.now() - started;
  const client = connect();
  await waitForClusterReady(0, 300_000, new Map(), undefined, 'labs', client);
  await waitForAddons(client, addonsFor(await podNetworkOf(client)), 300_000);
  return { upMs, readyMs: Date.now() - started, steps: Object.fromEntries(result.steps.map((s) => [s.step, s.durationMs])) };
}

const image = await warmUp();
const bare: number[] = [];
const kindlab: Array<Awaited<ReturnType<typeof timeKindlab>>> = [];
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? (['bare', 'kindlab'] as const) : (['kindlab', 'bare'] as const);
  for (const which of order) {
    if (which === 'bare') {
      bare.push(await timeBare(image));
      say(`round ${round + 1}: bare kind ${seconds(bare.at(-1)!)}`);
    } else {
      kindlab.push(await timeKindlab());
      const k = kindlab.at(-1)!;
      say(`round ${round + 1}: kindlab up ${seconds(k.upMs)} (+ ready ${seconds(k.readyMs)}) steps ${JSON.stringify(k.steps)}`);
    }
  }
}
// Leave the kindlab cluster as `up --wait` makes it, whichever ran last.
if (rounds % 2 === 0) {
  await deleteCluster();
  await up({ wait: true });
} else await waitForAddons(connect(), addonsFor(await podNetworkOf(connect())), 300_000);

const result = {
  image,
  rounds,
  bareMs: bare,
  upMs: kindlab.map((k) => k.upMs),
  upReadyMs: kindlab.map((k) => k.readyMs),
  medianBareMs: median(bare),
  medianUpMs: median(kindlab.map((k) => k.upMs)),
  medianUpReadyMs: median(kindlab.map((k) => k.readyMs)),
  ratio: Number((median(kindlab.map((k) => k.upMs)) / median(bare)).toFixed(3)),
  // Each round's up against the bare kind of the same round (ABBA pairs): the machine's drift cancels.
  pairedRatios: kindlab.map((k, i) => Number((k.upMs / bare[i]!).toFixed(3))),
  medianPairedRatio: Number(median(kindlab.map((k, i) => k.upMs / bare[i]!)).toFixed(3)),
  steps: kindlab.map((k) => k.steps),
};
say(`up ${seconds(result.medianUpMs)} vs bare kind ${seconds(result.medianBareMs)}: ${result.ratio}× (goal ≤ 1.10), round by round ${result.pairedRatios.join(', ')} (median ${result.medianPairedRatio}×); up + every node, CoreDNS and add-on ready ${seconds(result.medianUpReadyMs)}`);
console.log(JSON.stringify(result));
