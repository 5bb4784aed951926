import { defineLab } from 'kindlab';

const app = 'app=demo';

/**
 * Pods are ephemeral and Kubernetes brings them back: a crashed container is restarted in place
 * by the kubelet; a deleted pod is replaced by a new one that the ReplicaSet creates.
 */
export default defineLab({
  id: 'self-healing',
  title: { fr: 'Auto-réparation : des pods éphémères que Kubernetes relance', en: 'Self-healing: ephemeral pods that Kubernetes brings back' },
  section: 'Pods et ReplicaSets (les pods sont éphémères)',
  duration: '60s',
  needs: [],
  async run(lab) {
    await lab.step('Deploy 3 replicas of the demo app', async () => {
      await lab.apply('deployment.yaml');
      await lab.expect(lab.deployment('demo').available(3), { within: '90s' });
    });

    await lab.step('Kill the main process of a container: the kubelet restarts it in the same pod', async () => {
      const [pod] = lab.pods(app).readyNames();
      const kill = await lab.killMainProcess(pod!);
      const back = await lab.expect(lab.pod(pod!).restartedAndReady(kill.value.restartsBefore + 1), { within: '60s' });
      lab.check('the same pod came back (no new pod)', back.value.metadata?.name === pod, `ready again: ${back.value.metadata?.name}`);
      lab.measure('kill_to_ready', back.metAt - kill.at, 'ms', 'main process killed → the same pod Ready again (restartCount +1)');
    });

    await lab.step('Delete a pod: the ReplicaSet creates a replacement', async () => {
      const before = lab.pods(app).readyNames();
      const victim = before[0]!;
      const deleted = await lab.deletePod(victim);
      const replaced = await lab.expect(lab.pods(app).replaced(victim, before, 3), { within: '90s' });
      const name = replaced.value.metadata!.name!;
      lab.check('the replacement is a new pod', !before.includes(name), `${victim} → ${name}`);
      const m = lab.milestones(name);
      const since = (t: number | undefined) => (t === undefined ? NaN : t - deleted.at);
      lab.measure('delete_to_created', since(m.created), 'ms', 'pod deleted → replacement pod created (ReplicaSet controller)');
      lab.measure('delete_to_scheduled', since(m.scheduled), 'ms', 'pod deleted → replacement scheduled on a node (scheduler)');
      lab.measure('delete_to_running', since(m.running), 'ms', 'pod deleted → replacement container running (kubelet)');
      lab.measure('delete_to_ready', since(m.ready), 'ms', 'pod deleted → replacement Ready (readiness probe)', { victim, replacement: name, node: replaced.value.spec?.nodeName });
      await lab.expect(lab.deployment('demo').available(3), { within: '60s', what: 'the Deployment is back to 3 available replicas' });
    });
  },
});
