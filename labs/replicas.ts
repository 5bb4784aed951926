import { defineLab } from 'kindlab';

const app = 'app=web';

/**
 * replicas: the ReplicaSet behind a Deployment keeps exactly N pods: it spreads them over the
 * workers, converges when N changes, replaces pods that disappear and removes pods beyond N,
 * even one created by hand that happens to match its selector.
 */
export default defineLab({
  id: 'replicas',
  title: { fr: 'Réplicas : le ReplicaSet maintient N pods', en: 'Replicas: the ReplicaSet keeps N pods' },
  section: 'Principe de fonctionnement : replicas (fichier de déploiement)',
  duration: '45s',
  needs: ['two-workers'],
  async run(lab) {
    await lab.step('replicas: 3 gives 3 available pods spread over the workers', async () => {
      await lab.apply('deployment.yaml');
      await lab.expect(lab.deployment('web').available(3), { within: '90s' });
      const perNode = lab.pods(app).perNode();
      lab.check('the pods run on both workers', perNode.size === 2, JSON.stringify(Object.fromEntries(perNode)));
    });

    await lab.step('Scale to 5, then back to 2: the ReplicaSet converges', async () => {
      const up = await lab.scale('web', 5);
      const five = await lab.expect(lab.deployment('web').available(5), { within: '90s' });
      lab.measure('scale_to_5', five.metAt - up.at, 'ms', 'scale 3 → 5: change → 5 available');
      const down = await lab.scale('web', 2);
      await lab.expect(lab.deployment('web').available(2), { within: '90s' });
      const two = await lab.expect(lab.pods(app).count(2), { within: '60s', what: 'only 2 pods left' });
      lab.measure('scale_to_2', two.metAt - down.at, 'ms', 'scale 5 → 2: change → the 3 extra pods gone');
    });

    await lab.step('A deleted pod is replaced, a pod beyond the count is removed', async () => {
      const before = lab.pods(app).readyNames();
      const deleted = await lab.deletePod(before[0]!);
      const replaced = await lab.expect(lab.pods(app).replaced(before[0]!, before, 2), { within: '60s' });
      lab.measure('replace_deleted_pod', replaced.metAt - deleted.at, 'ms', 'pod deleted → replacement Ready');

      const current = lab.deployment('web').replicaSets().at(-1)!;
      const stray = await lab.apply('stray-pod.yaml', { TEMPLATE_HASH: current.templateHash });
      await lab.expect(lab.pod('stray').removed(), { within: '60s', what: 'the ReplicaSet removed the stray pod' });
      const settled = await lab.expect(lab.pods(app).count(2, ['stray']), { within: '60s', what: 'the ReplicaSet is back to 2 pods' });
      lab.measure('remove_extra_pod', settled.metAt - stray.at, 'ms', 'stray pod created → removed by the ReplicaSet');
      await lab.expect(lab.deployment('web').available(2), { within: '30s', what: 'the Deployment still has 2 available replicas' });
    });
  },
});
