import type { V1Pod } from '@kubernetes/client-node';
import { defineLab } from '../src/runner/index.js';

const app = 'app=hungry';
const lastReason = (pod: V1Pod) => pod.status?.containerStatuses?.[0]?.lastState?.terminated?.reason ?? pod.status?.containerStatuses?.[0]?.state?.terminated?.reason;

/**
 * Vertical scaling: more resources for the same pods. A container above its memory limit is
 * OOMKilled; raising its limit lets it run; on clusters that support it, resources change in
 * place, without restarting the container.
 */
export default defineLab({
  id: 'vertical-scaling',
  title: { fr: 'Scaling vertical : plus de ressources pour un même pod', en: 'Vertical scaling: more resources for the same pod' },
  section: 'Scaling horizontal vs scaling vertical',
  duration: '60s',
  needs: [],
  async run(lab) {
    await lab.step('An app that needs 96 MiB under a 48 MiB limit is OOMKilled', async () => {
      const applied = await lab.apply('deployment.yaml', { ALLOCATE_MB: '96', MEMORY_LIMIT: '48Mi' });
      const killed = await lab.expect(
        lab.podsWhere(app, 'the container was OOMKilled', (pods) => (pods.some((p) => lastReason(p) === 'OOMKilled') ? true : `no OOMKilled yet (${pods.map((p) => p.status?.phase).join(', ')})`)),
        { within: '60s' },
      );
      lab.measure('time_to_oomkill', killed.metAt - applied.at, 'ms', 'applied → first OOMKilled termination recorded', {
        restarts: killed.value[0]?.status?.containerStatuses?.[0]?.restartCount,
      });
    });

    await lab.step('Raise the memory limit to 192 MiB: the app runs', async () => {
      const raised = await lab.apply('deployment.yaml', { ALLOCATE_MB: '96', MEMORY_LIMIT: '192Mi' });
      const ready = await lab.expect(lab.deployment('hungry').rolledOut(), { within: '90s' });
      await lab.expect(lab.podsWhere(app, 'only the new pod is left', (pods) => (pods.length === 1 ? true : `${pods.length} pods`)), { within: '60s' });
      const pod = lab.pods(app).list()[0]!;
      lab.check('it runs without being OOMKilled', pod.status?.containerStatuses?.[0]?.restartCount === 0 && lastReason(pod) === undefined, `restarts=${pod.status?.containerStatuses?.[0]?.restartCount}`);
      lab.measure('raise_limit_to_ready', ready.metAt - raised.at, 'ms', 'limit raised → new pod Ready');
    });

    await lab.step('Resize the running pod in place: new resources, same container', async () => {
      const pod = lab.pods(app).readyNames()[0]!;
      const before = lab.pod(pod).get()!;
      const restarts = before.status?.containerStatuses?.[0]?.restartCount ?? 0;
      const resized = await lab.resizePod(pod, 'app', { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '800m', memory: '256Mi' } });
      const applied = await lab.expect(
        lab.podsWhere(app, 'the kubelet applied the new resources', (pods) => {
          const status = pods.find((p) => p.metadata?.name === pod)?.status?.containerStatuses?.[0];
          const limits = status?.resources?.limits ?? {};
          return limits.memory === '256Mi' && limits.cpu === '800m' ? true : `container resources: ${JSON.stringify(status?.resources ?? {})}`;
        }),
        { within: '60s' },
      );
      const after = applied.value.find((p) => p.metadata?.name === pod)!;
      lab.check('the container was not restarted (same restartCount)', (after.status?.containerStatuses?.[0]?.restartCount ?? -1) === restarts, `restartCount ${restarts} → ${after.status?.containerStatuses?.[0]?.restartCount}`);
      lab.measure('in_place_resize', applied.metAt - resized.at, 'ms', 'resize requested → new limits applied to the running container');
    });
  },
});
