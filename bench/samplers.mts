/**
 * The two traffic samplers on the same event: the fragile rolling update of the rolling-update lab
 * (no readinessProbe, no preStop), measured at once from the host (127.0.0.1 NodePort) and from a
 * pod inside the cluster (the Service's DNS name). Their failed-request counts should agree within
 * a few requests, and the in-cluster one should hold its 50 req/s.
 *
 *   npx tsx bench/samplers.mts [runs]       (default 3 runs; needs the kindlab cluster)
 */
import { connect } from '../src/kube/client.js';
import { defineLab, runLabs, type Lab } from '../src/runner/index.js';
import type { TrafficReport } from '../src/observe/sampler.js';

const runs = Number(process.argv[2] ?? 3);
const rows: Array<{ run: number; host: TrafficReport; pod: TrafficReport }> = [];

const lab = (run: number) =>
  defineLab({
    id: 'sampler-agreement',
    title: { fr: 'Échantillonneurs', en: 'Samplers' },
    section: 'bench',
    duration: '90s',
    needs: ['traffic'],
    manifests: 'manifests/rolling-update',
    async run(l: Lab) {
      await l.step('the fragile Deployment serves v1', async () => {
        await l.apply('service.yaml');
        await l.apply('deployment-fragile.yaml', { IMAGE: 'docker.io/kindlab/demo:1.0.0' });
        await l.expect(l.deployment('demo').rolledOut(), { within: '90s' });
      });
      await l.step('one update, two samplers', async () => {
        const host = l.traffic({ rate: 50 });
        const pod = l.traffic({ service: 'demo', rate: 50 });
        await host.answered(50, { within: '30s' });
        await pod.answered(50, { within: '60s' });
        const old = l.deployment('demo').replicaSets().at(-1)!;
        const change = await l.setImage('demo', 'demo', 'docker.io/kindlab/demo:2.0.0');
        await l.expect(l.deployment('demo').rolledOut(), { within: '3m' });
        await l.expect(l.pods(old.podSelector).none(), { within: '90s' });
        await host.answered(50, { within: '30s' });
        await pod.answered(50, { within: '30s' });
        await host.stop();
        await pod.stop();
        rows.push({ run, host: host.since(change.at), pod: pod.since(change.at) });
      });
    },
  });

const client = connect();
for (let run = 1; run <= runs; run++) {
  const result = await runLabs({ client, labs: [lab(run)] });
  if (!result.ok) console.error(`run ${run}: ${result.labs[0]!.status} ${result.labs[0]!.error?.message ?? ''}`);
}
console.log('run  host: failed/requests (req/s)   pod: failed/requests (req/s)   difference');
for (const r of rows) {
  console.log(`${String(r.run).padStart(3)}  ${`${r.host.failed}/${r.host.requests} (${r.host.achievedRate})`.padEnd(29)}  ${`${r.pod.failed}/${r.pod.requests} (${r.pod.achievedRate})`.padEnd(29)}  ${r.pod.failed - r.host.failed}`);
}
