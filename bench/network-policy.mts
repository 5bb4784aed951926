/**
 * NetworkPolicy on the kindlab cluster, measured:
 *  - how soon a deny-all-ingress policy denies new connections: the doctor's probe, `runs` times
 *    (from the policy's creation to the first denied connection's send time);
 *  - what a policy costs the traffic it allows: `requests` sequential HTTP requests, each on a new
 *    connection, from a pod to a pod on another node, with no policy, then with one that admits the
 *    namespace (the server's node then hands each connection's first packet to the agent), in
 *    alternation. Mean per request in µs (busybox wget in a loop, timed by /proc/uptime: 10 ms over
 *    the whole loop), the demo sampler's p50/p99 (ms resolution) for the tail, and ping's mean
 *    round trip, whose packets after the first are established: never queued.
 *
 *   npx tsx bench/network-policy.mts [runs] [requests]     (default 3 runs, 300 requests; needs the cluster)
 */
import { randomBytes } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import { docker } from '../src/cluster/docker.js';
import { pollUntil } from '../src/core/wait.js';
import { connect } from '../src/kube/client.js';
import { execInPod } from '../src/kube/exec.js';
import { Informer, met, notYet } from '../src/observe/informer.js';
import { probeNetworkPolicy } from '../src/observe/policy-probe.js';

const runs = Number(process.argv[2] ?? 3);
const requests = Number(process.argv[3] ?? 300);
const image = 'docker.io/kindlab/demo:1.0.0';
const client = connect();

const denials: number[] = [];
for (let run = 1; run <= runs; run++) {
  const result = await probeNetworkPolicy(client, { image });
  if (result.outcome !== 'enforced') throw new Error(`probe ${run}: ${result.outcome}: ${result.why}`);
  denials.push(result.deniedAfterMs);
}
console.log(`denied after (ms from the policy's creation): ${denials.join(', ')}; median ${median(denials)}`);

const namespace = `kindlab-bench-netpol-${randomBytes(3).toString('hex')}`;
await client.core.createNamespace({ body: { metadata: { name: namespace, labels: { 'app.kubernetes.io/managed-by': 'kindlab' } } } });
try {
  const pod = (name: string, avoid?: string): V1Pod => ({
    metadata: { name, labels: { app: name } },
    spec: {
      terminationGracePeriodSeconds: 0,
      ...(avoid ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: [avoid] }] }] } } } } : {}),
      containers: [{ name, image, ports: [{ containerPort: 8080 }] }],
    },
  });
  const pods = new Informer<V1Pod>(client, `/api/v1/namespaces/${namespace}/pods`);
  const running = (name: string) =>
    pods.waitFor((all) => {
      const p = all.get(`${namespace}/${name}`);
      return p?.status?.phase === 'Running' && p.status.podIP ? met(p) : notYet(`${name} ${p?.status?.phase ?? 'absent'}`);
    }, { what: `${name} running`, timeoutMs: 90_000 });
  await client.core.createNamespacedPod({ namespace, body: pod('server') });
  const server = (await running('server')).value;
  await client.core.createNamespacedPod({ namespace, body: pod('client', server.spec!.nodeName!) });
  const clientPod = (await running('client')).value;
  pods.stop();
  const url = `http://${server.status!.podIP}:8080/`;
  console.log(`server on ${server.spec!.nodeName}, client on ${clientPod.spec!.nodeName}; ${requests} requests per measure`);

  // Whether the server's address is in the agent's set on its node: the policy is in force there.
  const policed = async () => (await docker(['exec', server.spec!.nodeName!, 'nft', 'list', 'set', 'inet', 'kindlab-netpol', 'ingress-policed-v4'], { allowFailure: true })).includes(server.status!.podIP!);
  const exec = (command: string[]) => execInPod(client, { namespace, pod: 'client', command, timeoutMs: 120_000 });
  const measure = async () => {
    // busybox's date has no %N: /proc/uptime's centiseconds, over the whole loop.
    const now = "$(cut -d' ' -f1 /proc/uptime | tr -d .)";
    const loop = `n=${requests}; s=${now}; i=0; f=0; while [ $i -lt $n ]; do wget -q -O /dev/null ${url} || f=$((f+1)); i=$((i+1)); done; e=${now}; echo $(( (e-s)*10000/n )) $f`;
    const [meanUs = '', failed = ''] = (await exec(['sh', '-c', loop])).stdout.trim().split(' ');
    const lines = (await exec(['demo', 'sample', '--url', url, '--rate', '50', '--count', String(requests), '--timeout', '1s'])).stdout.trim().split('\n');
    const samples = lines.map((l) => JSON.parse(l) as { latencyMs: number; error?: string });
    const ms = samples.map((s) => s.latencyMs).sort((a, b) => a - b);
    const ping = (await exec(['ping', '-c', '50', '-i', '0.02', '-q', server.status!.podIP!])).stdout;
    const pingMs = Number(/= [\d.]+\/([\d.]+)\//.exec(ping)?.[1]);
    return { meanUs: Number(meanUs), failed: Number(failed) + samples.filter((s) => s.error).length, p50: ms[Math.floor(ms.length / 2)]!, p99: ms[Math.floor(ms.length * 0.99)]!, pingMs };
  };
  const allow = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'same-namespace', namespace }, spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] } };
  const rows: Array<{ policy: string; meanUs: number; p50: number; p99: number; failed: number; pingMs: number }> = [];
  for (let run = 1; run <= runs; run++) {
    rows.push({ policy: 'none', ...(await measure()) });
    await client.objects.create(allow);
    await pollUntil({ what: 'the policy in force on the server\'s node', timeoutMs: 10_000, everyMs: 100 }, async () => ((await policed()) ? true : 'server not policed yet'));
    rows.push({ policy: 'admits', ...(await measure()) });
    await client.objects.delete(allow);
    await pollUntil({ what: 'the policy gone from the server\'s node', timeoutMs: 10_000, everyMs: 100 }, async () => ((await policed()) ? 'server still policed' : true));
  }
  console.log('policy   mean/request (µs)   sampler p50 / p99 (ms)   ping avg (ms)   failed');
  for (const r of rows) console.log(`${r.policy.padEnd(8)} ${String(r.meanUs).padStart(17)}   ${`${r.p50} / ${r.p99}`.padStart(22)}   ${String(r.pingMs).padStart(13)}   ${r.failed}`);
  for (const policy of ['none', 'admits']) console.log(`${policy}: median of means ${median(rows.filter((r) => r.policy === policy).map((r) => r.meanUs))} µs`);
} finally {
  await client.core.deleteNamespace({ name: namespace }).catch(() => undefined);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
