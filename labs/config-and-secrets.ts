import { defineLab, digestIn, sha256 } from 'kindlab';

const app = 'app=configured';

/**
 * ConfigMap and Secret: configuration outside the image, as environment variables and as files.
 * A changed ConfigMap reaches mounted files in the running pod; environment variables only
 * change when the pod restarts. Secret values are compared by digest and never shown.
 */
export default defineLab({
  id: 'config-and-secrets',
  title: { fr: 'ConfigMap et Secrets : la configuration hors de l’image', en: 'ConfigMaps and Secrets: configuration outside the image' },
  section: 'Principe de fonctionnement : ConfigMap et Secrets',
  duration: '60s',
  needs: [],
  async run(lab) {
    let pod = '';
    await lab.step('A ConfigMap and a Secret, read as environment variables and files', async () => {
      await lab.apply('config.yaml', { GREETING: 'bonjour', MODE: 'a' });
      await lab.apply('deployment.yaml');
      pod = (await lab.expect(lab.pods(app).ready(1), { within: '60s' })).value[0]!.metadata!.name!;
      lab.check('env GREETING comes from the ConfigMap', (await digestIn(lab, pod, 'env=GREETING')) === sha256('bonjour'));
      lab.check('file settings.conf comes from the ConfigMap', (await digestIn(lab, pod, 'file=/etc/settings/settings.conf')) === sha256('mode=a\n'));
      lab.check('env DB_PASSWORD comes from the Secret (compared by digest)', (await digestIn(lab, pod, 'env=DB_PASSWORD')) === sha256('kindlab-S3cr3t-7f2c9a1e'));
      lab.check('file /etc/credentials/DB_PASSWORD comes from the Secret', (await digestIn(lab, pod, 'file=/etc/credentials/DB_PASSWORD')) === sha256('kindlab-S3cr3t-7f2c9a1e'));
    });

    await lab.step('Change the ConfigMap: the mounted file follows, the env var does not', async () => {
      const changed = await lab.apply('config.yaml', { GREETING: 'salut', MODE: 'b' });
      const file = await lab.eventually(
        'the mounted settings.conf shows the new content in the running pod',
        async () => ((await digestIn(lab, pod, 'file=/etc/settings/settings.conf')) === sha256('mode=b\n') ? true : 'still the old content'),
        { within: '120s', every: '1s' },
      );
      lab.measure('configmap_to_file', file.metAt - changed.at, 'ms', 'ConfigMap updated → mounted file updated in the running pod (±1 s)');
      lab.check('the env var still has the old value (env is read at container start)', (await digestIn(lab, pod, 'env=GREETING')) === sha256('bonjour'));
      lab.check('the pod was not restarted for that', lab.pod(pod).restarts() === 0, `restarts: ${lab.pod(pod).restarts()}`);
    });

    await lab.step('After a restart (rollout restart), the new pod sees the new env var', async () => {
      const restart = await lab.rolloutRestart('configured');
      const rolled = await lab.expect(lab.deployment('configured').rolledOut(), { within: '90s' });
      await lab.expect(lab.pods(app).count(1, [pod]), { within: '60s', what: 'only the new pod is left' });
      const fresh = lab.pods(app).readyNames()[0]!;
      lab.check('the new pod reads GREETING=salut', (await digestIn(lab, fresh, 'env=GREETING')) === sha256('salut'));
      lab.measure('restart_to_new_env', rolled.metAt - restart.at, 'ms', 'rollout restart → new pod Ready with the new environment');
    });
  },
});
