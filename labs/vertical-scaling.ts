import { defineLab } from 'kindlab';

const app = 'app=hungry';

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
      const killed = await lab.expect(lab.pods(app).terminatedWith('OOMKilled'), { within: '60s', what: 'the container was OOMKilled' });
      lab.measure('time_to_oomkill', killed.metAt - applied.at, 'ms', 'applied → first OOMKilled termination recorded', {
        restarts: lab.pod(killed.value.metadata!.name!).restarts(),
      });
    });

    await lab.step('Raise the memory limit to 192 MiB: the app runs', async () => {
      const raised = await lab.apply('deployment.yaml', { ALLOCATE_MB: '96', MEMORY_LIMIT: '192Mi' });
      const ready = await lab.expect(lab.deployment('hungry').rolledOut(), { within: '90s' });
      const [pod] = (await lab.expect(lab.pods(app).count(1), { within: '60s', what: 'only the new pod is left' })).value;
      const name = pod!.metadata!.name!;
      lab.check('it runs without being OOMKilled', lab.pod(name).restarts() === 0 && lab.pod(name).lastTermination() === undefined, `restarts=${lab.pod(name).restarts()}, last stop: ${lab.pod(name).lastTermination() ?? 'none'}`);
      lab.measure('raise_limit_to_ready', ready.metAt - raised.at, 'ms', 'limit raised → new pod Ready');
    });

    await lab.step('Resize the running pod in place: new resources, same container', async () => {
      const pod = lab.pods(app).readyNames()[0]!;
      const restarts = lab.pod(pod).restarts();
      const resized = await lab.resizePod(pod, 'app', { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '800m', memory: '256Mi' } });
      const applied = await lab.expect(lab.pod(pod).resourcesApplied('app', { cpu: '800m', memory: '256Mi' }), { within: '60s', what: 'the kubelet applied the new resources' });
      const after = lab.pod(pod).restarts();
      lab.check('the container was not restarted (same restartCount)', after === restarts, `restartCount ${restarts} → ${after}`);
      lab.measure('in_place_resize', applied.metAt - resized.at, 'ms', 'resize requested → new limits applied to the running container');
    });
  },
});
