import { defineLab, failedRequests } from 'kindlab';

const broken = 'docker.io/kindlab/demo:9.9.9-does-not-exist';

/**
 * Rollback: a rollout to a broken version stalls (the new pods never become Ready), Kubernetes
 * reports it once progressDeadlineSeconds pass, the old pods keep serving meanwhile, and an undo
 * brings the previous version back.
 */
export default defineLab({
  id: 'rollback',
  title: { fr: 'Rollback : revenir à la version précédente', en: 'Rollback: back to the previous version' },
  section: 'Maintenance : rolling update et rollback',
  duration: '60s',
  needs: ['traffic'],
  async run(lab) {
    await lab.step('v1 serves 3 replicas', async () => {
      await lab.apply('app.yaml', { PROGRESS_DEADLINE: '15' });
      await lab.expect(lab.deployment('demo').rolledOut(), { within: '90s' });
    });

    const traffic = lab.traffic({ rate: 50 });
    await lab.step('Requests flow through the Service', async () => {
      await traffic.answered(25, { within: '30s', what: 'answers through the Service' });
    });

    let brokenAt = 0;
    await lab.step('A rollout to a broken image stalls and is reported (ProgressDeadlineExceeded)', async () => {
      const change = await lab.setImage('demo', 'demo', broken);
      brokenAt = change.at;
      const stalled = await lab.expect(lab.deployment('demo').condition('Progressing', 'False', 'ProgressDeadlineExceeded'), { within: '90s' });
      lab.measure('stall_detected', stalled.metAt - change.at, 'ms', 'broken image set → Progressing=False (ProgressDeadlineExceeded; deadline 15 s)');
      const old = lab.pods('app=demo').readyNames();
      lab.check('the 3 old pods are still Ready (maxUnavailable: 0)', old.length === 3, old.join(', '));
      const sofar = traffic.since(change.at);
      lab.check('they kept serving: zero failed requests so far', sofar.failed === 0 && sofar.requests > 0, failedRequests(sofar));
    });

    await lab.step('rollout undo: the previous version comes back', async () => {
      const current = lab.deployment('demo').replicaSets().at(-1)!;
      const undo = await lab.rolloutUndo('demo');
      const rolled = await lab.expect(lab.deployment('demo').rolledOut(), { within: '90s' });
      await lab.expect(lab.pods(current.podSelector).none(), { within: '60s', what: 'the broken pods are gone' });
      lab.measure('undo_to_rolled_out', rolled.metAt - undo.at, 'ms', `undo (to revision ${undo.value.toRevision}) → rollout complete`);
      const image = lab.deployment('demo').image();
      lab.check('the Deployment runs the previous image again', image === 'docker.io/kindlab/demo:1.0.0', image);
      await traffic.answered(50, { within: '30s' });
      const report = await traffic.stop();
      const during = traffic.since(brokenAt);
      lab.measure('failed_requests', during.failed, 'requests', 'failed requests from the broken rollout to the end of the undo', { requests: during.requests, byVersion: during.byVersion, downtime: during.downtime });
      lab.check('zero failed requests through the whole episode', during.failed === 0, `${failedRequests(during)}; total ${report.requests}`);
    });
  },
});
