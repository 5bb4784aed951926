import { defineLab } from 'kindlab';

const app = 'app=probed';
const post = (path: string) => ['wget', '-q', '-O', '-', '--post-data=', `http://127.0.0.1:8080${path}`];
const liveness = { periodSeconds: 2, failureThreshold: 3 };

/**
 * LivenessProbe: the kubelet restarts a container whose health check keeps failing, after
 * failureThreshold × periodSeconds; a failing readinessProbe only takes the pod out of the
 * Service, without restarting it.
 */
export default defineLab({
  id: 'liveness-probe',
  title: { fr: 'LivenessProbe et readinessProbe : relancer ou écarter un pod', en: 'Liveness and readiness probes: restart or set aside a pod' },
  section: 'Principe de fonctionnement : LivenessProbe',
  duration: '45s',
  needs: [],
  async run(lab) {
    await lab.step('Deploy 2 pods with a liveness and a readiness probe', async () => {
      await lab.apply('deployment.yaml');
      await lab.expect(lab.pods(app).ready(2), { within: '90s' });
      await lab.expect(lab.service('probed').readyEndpoints(2), { within: '30s' });
    });

    await lab.step('The health endpoint fails: the kubelet restarts the container', async () => {
      const [pod] = lab.pods(app).readyNames();
      const restarts = lab.pod(pod!).restarts();
      await lab.exec(pod!, post('/fail/live'));
      const failingSince = Date.now();
      const back = await lab.expect(lab.pod(pod!).restartedAndReady(restarts + 1), { within: '60s' });
      const restartedAt = lab.milestones(pod!).running ?? back.metAt;
      const configured = liveness.periodSeconds * liveness.failureThreshold * 1000;
      const measured = back.metAt - failingSince;
      lab.measure('liveness_failure_to_restart', measured, 'ms', `health fails → container restarted and Ready (configured: ${liveness.failureThreshold} × ${liveness.periodSeconds}s = ${configured / 1000}s)`, {
        configuredMs: configured,
        restartedAt,
      });
      // The first failed probe comes up to one period after the switch; then failureThreshold of them.
      const earliest = (liveness.failureThreshold - 1) * liveness.periodSeconds * 1000;
      lab.check('the restart came after failureThreshold × periodSeconds, not before', measured >= earliest, `${measured} ms (≥ ${earliest} ms expected)`);
      lab.check('and not long after it', measured <= configured + 15_000, `${measured} ms (configured ${configured} ms)`);
    });

    await lab.step('The readiness endpoint fails: the pod leaves the Service, without a restart', async () => {
      const pods = lab.pods(app).readyNames();
      const pod = pods[1]!;
      const restarts = lab.pod(pod).restarts();
      await lab.exec(pod, post('/fail/ready'));
      const failedAt = Date.now();
      const out = await lab.expect(lab.service('probed').excludes(pod), { within: '30s' });
      lab.measure('readiness_failure_to_removed', out.metAt - failedAt, 'ms', 'readiness fails → pod removed from the Service endpoints');
      const now = lab.pod(pod).restarts();
      lab.check('the pod was not restarted', now === restarts, `restartCount ${restarts} → ${now}`);
      await lab.exec(pod, post('/heal/ready'));
      await lab.expect(lab.service('probed').readyEndpoints(2), { within: '30s', what: 'healed: the pod is back among the endpoints' });
    });
  },
});
