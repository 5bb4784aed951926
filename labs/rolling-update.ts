import { defineLab, failedRequests, type Lab, type Traffic } from 'kindlab';

const v1 = 'docker.io/kindlab/demo:1.0.0';
const v2 = 'docker.io/kindlab/demo:2.0.0';

/**
 * Maintenance without interruption: a rolling update replaces pods one by one while a steady
 * stream of requests goes through the Service, and not one request fails, thanks to a
 * readinessProbe, maxUnavailable: 0 and a graceful shutdown. Then the lesson's contrast: the same
 * update without those safeguards, and the requests it loses.
 */
export default defineLab({
  id: 'rolling-update',
  title: { fr: 'Mise à jour progressive sans interruption (rolling update)', en: 'Rolling update without interruption' },
  section: 'Maintenance : rolling update, rollout restart',
  duration: '2m',
  needs: ['traffic'],
  async run(lab) {
    let traffic!: Traffic;
    await lab.step('v1 serves 3 replicas behind a Service', async () => {
      await lab.apply('service.yaml');
      await lab.apply('deployment-safe.yaml', { IMAGE: v1 });
      await lab.expect(lab.deployment('demo').rolledOut(), { within: '90s' });
      traffic = lab.traffic({ rate: 50 });
      await traffic.answered(50, { within: '30s', what: '50 answers through the Service (its NodePort)' });
    });

    await lab.step('Rolling update v1 → v2 under traffic: zero failed requests', async () => {
      const from = await updateUnderTraffic(lab, traffic, () => lab.setImage('demo', 'demo', v2));
      const report = await traffic.stop();
      const during = traffic.since(from.at);
      lab.measure('update_failed_requests', during.failed, 'requests', 'failed requests during the v1 → v2 rolling update', {
        requests: during.requests,
        downtime: during.downtime,
        errors: during.errors,
        slow: during.slow,
        latencyMs: during.latencyMs,
        byVersion: during.byVersion,
        achievedRate: during.achievedRate,
      });
      lab.measure('update_duration', from.rolledOutAt - from.at, 'ms', 'image changed → rollout complete');
      lab.check('zero failed requests during the rolling update', during.failed === 0, failedRequests(during));
      const after = traffic.since(from.oldGoneAt);
      lab.check('after the rollout every answer comes from v2', after.requests > 0 && Object.keys(after.byVersion).every((v) => v === '2.0.0'), `answers after: ${JSON.stringify(after.byVersion)}`);
      lab.check('pods were replaced one by one', oneByOne(lab.replicaHistory(from.oldReplicaSet)), `old ReplicaSet replicas: ${lab.replicaHistory(from.oldReplicaSet).join(' → ')}`);
      lab.check('the traffic sampler kept its pace (≥ 45 req/s)', report.achievedRate >= 45, `${report.achievedRate} req/s`);
    });

    await lab.step('kubectl rollout restart under traffic: zero failed requests', async () => {
      traffic = lab.traffic({ rate: 50 });
      await traffic.answered(25, { within: '30s' });
      const from = await updateUnderTraffic(lab, traffic, () => lab.rolloutRestart('demo'));
      await traffic.stop();
      const during = traffic.since(from.at);
      lab.measure('restart_failed_requests', during.failed, 'requests', 'failed requests during `kubectl rollout restart`', { requests: during.requests, downtime: during.downtime });
      lab.check('zero failed requests during the rollout restart', during.failed === 0, failedRequests(during));
    });

    await lab.step('Contrast: the same update without readinessProbe nor preStop loses requests', async () => {
      await settle(lab, () => lab.apply('deployment-fragile.yaml', { IMAGE: v2 }));
      traffic = lab.traffic({ rate: 50 });
      await traffic.answered(25, { within: '30s' });
      const from = await updateUnderTraffic(lab, traffic, () => lab.setImage('demo', 'demo', v1));
      await traffic.stop();
      const during = traffic.since(from.at);
      const lost = during.downtime.reduce((n, w) => n + w.durationMs, 0);
      lab.measure('fragile_failed_requests', during.failed, 'requests', 'failed requests during the same update without readinessProbe/preStop', {
        requests: during.requests,
        downtime: during.downtime,
        errors: during.errors,
      });
      lab.measure('fragile_downtime', lost, 'ms', 'sum of the downtime windows (first failure → next success)');
      lab.note(`without the safeguards ${during.failed} of ${during.requests} requests failed (${(100 * during.failed / Math.max(1, during.requests)).toFixed(1)}%) in ${during.downtime.length} window(s)`);
    });
  },
});

/** Changes the Deployment, then waits for the rollout to finish and every old pod to be gone. */
async function settle(lab: Lab, change: () => Promise<{ at: number }>) {
  const old = lab.deployment('demo').replicaSets().at(-1);
  if (!old) throw new Error('deployment demo has no ReplicaSet yet');
  const action = await change();
  const rolled = await lab.expect(lab.deployment('demo').rolledOut(), { within: '3m' });
  const gone = await lab.expect(lab.pods(old.podSelector).none(), { within: '60s', what: 'the old pods have terminated' });
  return { at: action.at, rolledOutAt: rolled.metAt, oldGoneAt: gone.metAt, oldReplicaSet: old.name };
}

async function updateUnderTraffic(lab: Lab, traffic: Traffic, change: () => Promise<{ at: number }>) {
  const settled = await settle(lab, change);
  await traffic.answered(50, { within: '30s', what: '50 more answers after the rollout' });
  return settled;
}

/** True when a ReplicaSet went down one replica at a time (e.g. 3 → 2 → 1 → 0). */
function oneByOne(history: number[]): boolean {
  const down = history.slice(history.indexOf(Math.max(...history)));
  return down.length > 1 && down.at(-1) === 0 && down.every((n, i) => i === 0 || down[i - 1]! - n === 1);
}
