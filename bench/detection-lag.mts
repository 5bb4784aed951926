/**
 * Detection lag: how long after the API server records a change does the engine see it?
 * Compares kindlab's watch-based wait with a 1 s polling wait (kuttl's interval), on the same
 * cluster, in the same run.
 *
 *   npm run bench            (needs the cluster: `kindlab up`)
 *
 * Two kinds of change:
 * 1. A ConfigMap annotation kindlab writes itself: the API has recorded it by the time the PATCH
 *    answers, so lag = seen - answered (milliseconds on one clock; it can be slightly negative,
 *    as the watch event may overtake the HTTP answer).
 * 2. A pod becoming Ready after a delete (the kubelet writes it): lag is measured against the Ready
 *    condition's lastTransitionTime, which the API stores with one-second precision, so each value
 *    is late by 0–1000 ms of truncation; compare the two methods, not the absolute numbers.
 */
import { randomBytes } from 'node:crypto';
import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { applyObjects } from '../src/kube/apply.js';
import { clusterScopes, scopeManifests } from '../src/kube/intake.js';
import { connect } from '../src/kube/client.js';
import { parseManifests } from '../src/kube/manifests.js';
import { isPodReady } from '../src/kube/status.js';
import { Informer, verdictOf } from '../src/observe/informer.js';
import { deleteNamespace } from '../src/runner/namespaces.js';

const client = connect();
const namespace = `kindlab-bench-${randomBytes(3).toString('hex')}`;
const rounds = Number(process.env.ROUNDS ?? 20);
const pollMs = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves when `check` holds, reading the object every `pollMs` (a polling wait). */
async function pollUntil<T>(read: () => Promise<T>, check: (value: T) => boolean, deadlineMs: number): Promise<number> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await read();
    if (check(value)) return Date.now();
    if (Date.now() > end) throw new Error('poll deadline passed');
    await sleep(pollMs);
  }
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, median: at(0.5), p90: at(0.9), max: sorted.at(-1)!, mean: Math.round(mean) };
}

async function configMapChanges() {
  await applyObjects(client, await scopeManifests(parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: probe}\ndata: {k: v}\n', 'bench'), clusterScopes(client), { namespace }));
  const informer = new Informer<V1ConfigMap>(client, `/api/v1/namespaces/${namespace}/configmaps`);
  await informer.ready();
  const watchLag: number[] = [];
  const pollLag: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const mark = `round-${i}`;
      const has = (cm?: V1ConfigMap) => cm?.metadata?.annotations?.['kindlab.dev/mark'] === mark;
      const watched = informer.waitFor((objects) => verdictOf(has(objects.get(`${namespace}/probe`)) ? true : 'not yet'), { what: mark, timeoutMs: 30_000 });
      // The poller starts at a random phase, as it would in a real test.
      const polled = sleep(Math.random() * pollMs).then(() =>
        pollUntil(() => client.core.readNamespacedConfigMap({ name: 'probe', namespace }), has, 30_000),
      );
      await sleep(200 + Math.random() * 300);
      await client.core.patchNamespacedConfigMap(
        { name: 'probe', namespace, body: { metadata: { annotations: { 'kindlab.dev/mark': mark } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      const recordedAt = Date.now();
      const [w, p] = await Promise.all([watched, polled]);
      watchLag.push(w.metAt - recordedAt);
      pollLag.push(p - recordedAt);
    }
  } finally {
    informer.stop();
  }
  return { watch: stats(watchLag), poll1s: stats(pollLag) };
}

async function podReadiness() {
  const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: {name: demo}
spec:
  replicas: 1
  selector: {matchLabels: {app: demo}}
  template:
    metadata: {labels: {app: demo}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
        - name: demo
          image: docker.io/kindlab/demo:1.0.0
          readinessProbe: {httpGet: {path: /readyz, port: 8080}, periodSeconds: 1}
`;
  await applyObjects(client, await scopeManifests(parseManifests(manifest, 'bench'), clusterScopes(client), { namespace }));
  const pods = new Informer<V1Pod>(client, `/api/v1/namespaces/${namespace}/pods`);
  const ready = (p?: V1Pod) => Boolean(p && isPodReady(p));
  const readySince = (p: V1Pod) => new Date(p.status!.conditions!.find((c) => c.type === 'Ready')!.lastTransitionTime as unknown as string).getTime();
  const watchLag: number[] = [];
  const pollLag: number[] = [];
  try {
    await pods.waitFor((m) => verdictOf([...m.values()].some(ready) ? true : 'no pod Ready'), { what: 'first pod Ready', timeoutMs: 120_000 });
    const rounds2 = Math.max(3, Math.floor(rounds / 2));
    for (let i = 0; i < rounds2; i++) {
      const old = [...pods.objects.values()].find(ready)!.metadata!.name!;
      const isNewReady = (p: V1Pod) => p.metadata?.name !== old && ready(p);
      const watched = pods.waitFor((m) => verdictOf([...m.values()].some(isNewReady) ? true : 'no new pod Ready'), { what: 'replacement Ready', timeoutMs: 120_000 });
      const polled = pollUntil(() => client.core.listNamespacedPod({ namespace }), (list) => list.items.some(isNewReady), 120_000);
      await client.core.deleteNamespacedPod({ name: old, namespace });
      const [w, p] = await Promise.all([watched, polled]);
      const newPod = [...pods.objects.values()].find(isNewReady)!;
      const recorded = readySince(newPod);
      watchLag.push(w.metAt - recorded);
      pollLag.push(p - recorded);
      await sleep(1500);
    }
  } finally {
    pods.stop();
  }
  return { watch: stats(watchLag), poll1s: stats(pollLag) };
}

async function main() {
  await client.core.createNamespace({ body: { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'kindlab', 'kindlab.dev/lab': 'bench' } } } });
  try {
    const configMap = await configMapChanges();
    const readiness = await podReadiness();
    const result = { rounds, pollIntervalMs: pollMs, configMapAnnotation: configMap, podReady: readiness };
    console.log(JSON.stringify(result, null, 2));
    const line = (name: string, s: { median: number; p90: number; max: number; n: number }) => `${name.padEnd(12)} median ${String(s.median).padStart(5)} ms   p90 ${String(s.p90).padStart(5)} ms   max ${String(s.max).padStart(5)} ms   (n=${s.n})`;
    console.error('\ndetection lag after the API recorded a ConfigMap change (ms precision):');
    console.error(line('watch', configMap.watch));
    console.error(line('poll 1s', configMap.poll1s));
    console.error('\ndetection lag after a pod became Ready (vs lastTransitionTime, 1 s precision):');
    console.error(line('watch', readiness.watch));
    console.error(line('poll 1s', readiness.poll1s));
  } finally {
    await deleteNamespace(client, namespace);
  }
}

await main();
