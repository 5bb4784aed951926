import { defineExercise, digestIn, sha256 } from 'kindlab';

/** Configuration outside the image: a ConfigMap as env and as a file that follows changes; a Secret as env. */
export default defineExercise({
  id: 'config-and-secrets',
  title: { fr: 'ConfigMap et Secret', en: 'ConfigMap and Secret' },
  section: 'Principe de fonctionnement : ConfigMap et Secrets',
  guide: 'config-and-secrets',
  duration: '60s',
  needs: [],
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (1 réplica, port 8080) configuré de l'extérieur :
- la variable d'environnement \`GREETING\` vient d'un **ConfigMap** ;
- le fichier \`/etc/settings/settings.conf\` a pour contenu la clé \`settings.conf\` d'un ConfigMap ;
- la variable \`DB_PASSWORD\` vient d'un **Secret**.

Ce que fera la correction : elle compare (par empreinte sha256, jamais en clair) ce que voit le pod
avec vos ConfigMap et Secret, puis change la clé \`settings.conf\` du ConfigMap.

Réussi si : les trois valeurs correspondent ; le fichier du pod en cours d'exécution montre le
nouveau contenu en moins de 60 s, sans redémarrage.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (1 replica, port 8080) configured from outside:
- the environment variable \`GREETING\` comes from a **ConfigMap**;
- the file \`/etc/settings/settings.conf\` holds the key \`settings.conf\` of a ConfigMap;
- the variable \`DB_PASSWORD\` comes from a **Secret**.

What grading does: it compares (by sha256 digest, never in clear) what the pod sees with your
ConfigMap and Secret, then changes the ConfigMap's key \`settings.conf\`.

Passes if: the three values match; the running pod's file shows the new content within 60 s,
without a restart.`,
  },
  async grade(g) {
    const { app, pod, settings } = await g.step(g.t({ en: 'The pod reads its configuration from outside the image', fr: 'Le pod lit sa configuration hors de l’image' }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const pod = (await g.expect(g.pods(app.podSelector).ready(1), { within: '90s' })).value[0]!.metadata!.name!;
      const greeting = app.env.GREETING;
      const password = app.env.DB_PASSWORD;
      g.check(g.t({ en: 'GREETING comes from a ConfigMap', fr: 'GREETING vient d’un ConfigMap' }), greeting?.from === 'ConfigMap', `from: ${greeting?.from ?? 'nowhere'}`, g.hint({ en: 'env[].valueFrom.configMapKeyRef names the ConfigMap and its key', fr: 'env[].valueFrom.configMapKeyRef nomme le ConfigMap et sa clé' }));
      g.check(g.t({ en: 'DB_PASSWORD comes from a Secret', fr: 'DB_PASSWORD vient d’un Secret' }), password?.from === 'Secret', `from: ${password?.from ?? 'nowhere'}`, g.hint({ en: 'a password belongs in a Secret (env[].valueFrom.secretKeyRef), not in a ConfigMap that anyone who reads the namespace sees', fr: 'un mot de passe va dans un Secret (env[].valueFrom.secretKeyRef), pas dans un ConfigMap que tout lecteur du namespace voit' }));
      const mount = app.mounts.find((m) => '/etc/settings/settings.conf'.startsWith(m.path) && m.source.kind === 'ConfigMap');
      g.check(g.t({ en: '/etc/settings/settings.conf is mounted from a ConfigMap', fr: '/etc/settings/settings.conf est monté depuis un ConfigMap' }), Boolean(mount), app.mounts.map((m) => `${m.path} (${m.source.kind})`).join(', ') || 'no mount', g.hint({ en: 'a volume of kind configMap, mounted at /etc/settings, makes each key a file', fr: 'un volume de type configMap, monté sur /etc/settings, fait de chaque clé un fichier' }));
      const sources = { greeting: greeting as { name: string; key: string }, password: password as { name: string; key: string }, settings: (mount!.source as { name: string }).name };
      const same = g.hint({ en: 'the pod sees what the ConfigMap and Secret hold once it starts (check names and keys)', fr: 'le pod voit ce que contiennent ConfigMap et Secret dès son démarrage (vérifiez noms et clés)' });
      const expected = async (kind: 'ConfigMap' | 'Secret', name: string, key: string) => sha256((await g.configValue(kind, name, key)) ?? '');
      g.check(g.t({ en: 'GREETING in the pod is the ConfigMap\'s value (sha256)', fr: 'GREETING dans le pod vaut la valeur du ConfigMap (sha256)' }), (await digestIn(g, pod, 'env=GREETING')) === (await expected('ConfigMap', sources.greeting.name, sources.greeting.key)), undefined, same);
      g.check(g.t({ en: 'DB_PASSWORD in the pod is the Secret\'s value (sha256)', fr: 'DB_PASSWORD dans le pod vaut la valeur du Secret (sha256)' }), (await digestIn(g, pod, 'env=DB_PASSWORD')) === (await expected('Secret', sources.password.name, sources.password.key)), undefined, same);
      g.check(g.t({ en: 'settings.conf in the pod is the ConfigMap\'s key (sha256)', fr: 'settings.conf dans le pod vaut la clé du ConfigMap (sha256)' }), (await digestIn(g, pod, 'file=/etc/settings/settings.conf')) === (await expected('ConfigMap', sources.settings, 'settings.conf')), undefined, same);
      return { app, pod, settings: sources.settings };
    });

    await g.step(g.t({ en: 'A changed ConfigMap reaches the running pod\'s file', fr: 'Un ConfigMap modifié atteint le fichier du pod en cours' }), async () => {
      const content = `changed=${Date.now()}\n`;
      const restarts = g.pod(pod).restarts();
      const changed = await g.setConfigMapData(settings, 'settings.conf', content);
      const seen = await g.eventually(
        g.t({ en: 'the running pod\'s settings.conf shows the new content', fr: 'le settings.conf du pod en cours montre le nouveau contenu' }),
        async () => ((await digestIn(g, pod, 'file=/etc/settings/settings.conf')) === sha256(content) ? true : 'still the old content'),
        { within: '60s', every: '1s', hint: g.hint({ en: 'a ConfigMap mounted as a volume follows its changes; mounted with subPath, or read as env, it never does', fr: 'un ConfigMap monté en volume suit ses changements ; monté avec subPath, ou lu en variable d’environnement, jamais' }) },
      );
      g.measure('configmap_to_file', seen.metAt - changed.at, 'ms', 'ConfigMap changed → the running pod sees the new file (±1 s)');
      g.check(g.t({ en: 'without a restart', fr: 'sans redémarrage' }), g.pod(pod).restarts() === restarts, `restarts ${restarts} → ${g.pod(pod).restarts()}`);
      g.note(`Deployment ${app.name}: configuration followed`);
    });
  },
});
