import { defineExercise } from 'kindlab';

const post = (path: string) => ['wget', '-q', '-O', '-', '--post-data=', `http://127.0.0.1:8080${path}`];

/** A livenessProbe restarts a container that stopped working; a readinessProbe sets a pod aside. */
export default defineExercise({
  id: 'liveness-probe',
  title: { fr: 'Relancer ou écarter un pod', en: 'Restart or set aside a pod' },
  section: 'Principe de fonctionnement : LivenessProbe',
  guide: 'liveness-probe',
  duration: '80s',
  needs: [],
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (2 réplicas, port 8080) et un Service devant lui.
L'application répond sur \`/healthz\` (elle vit) et \`/readyz\` (elle peut servir).

Ce que fera la correction : elle observe vos pods 20 s, puis fait échouer \`/healthz\` dans un pod, et
\`/readyz\` dans l'autre.

Réussi si : aucun pod n'est relancé tant que tout va bien ; le conteneur dont \`/healthz\` échoue est
relancé en moins de 30 s ; le pod dont \`/readyz\` échoue quitte les endpoints du Service en moins de
20 s, **sans** être relancé.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (2 replicas, port 8080) and a Service in front of it.
The application answers on \`/healthz\` (it is alive) and \`/readyz\` (it can serve).

What grading does: it watches your pods for 20 s, then makes \`/healthz\` fail in one pod and
\`/readyz\` fail in the other.

Passes if: no pod is restarted while all is well; the container whose \`/healthz\` fails is restarted
within 30 s; the pod whose \`/readyz\` fails leaves the Service's endpoints within 20 s, **without**
being restarted.`,
  },
  async grade(g) {
    const { app, service } = await g.step(g.t({ en: 'Two pods behind a Service, and nothing restarts', fr: 'Deux pods derrière un Service, et rien ne redémarre' }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const service = await g.find.serviceFor(app);
      await g.expect(g.pods(app.podSelector).ready(2), { within: '90s', hint: g.hint({ en: 'two replicas, each Ready once its readinessProbe passes', fr: 'deux réplicas, chacun prêt quand sa readinessProbe réussit' }) });
      await g.expectNot(g.pods(app.podSelector).restarted(), {
        for: '20s',
        what: g.t({ en: 'no container restarts while the app is healthy', fr: 'aucun conteneur ne redémarre tant que l’application va bien' }),
        hint: g.hint({ en: 'a livenessProbe that fails on a healthy app (wrong path or port, too short a timeout) restarts it for nothing', fr: 'une livenessProbe qui échoue sur une application saine (mauvais chemin ou port, délai trop court) la relance pour rien' }),
      });
      return { app, service };
    });

    await g.step(g.t({ en: '/healthz fails: the container is restarted', fr: '/healthz échoue : le conteneur est relancé' }), async () => {
      const [pod] = g.pods(app.podSelector).readyNames();
      const restarts = g.pod(pod!).restarts();
      const failing = await g.exec(pod!, post('/fail/live'));
      g.check(g.t({ en: 'grading made /healthz fail (POST /fail/live)', fr: 'la correction a fait échouer /healthz (POST /fail/live)' }), failing.exitCode === 0, `exit ${failing.exitCode}`);
      const back = await g.expect(g.pod(pod!).restartedAndReady(restarts + 1), {
        within: '45s',
        what: g.t({ en: 'the container is restarted and Ready again', fr: 'le conteneur est relancé et de nouveau prêt' }),
        hint: g.hint({ en: 'the kubelet restarts a container after failureThreshold × periodSeconds of failed livenessProbe (httpGet on /healthz, port 8080)', fr: 'le kubelet relance un conteneur après failureThreshold × periodSeconds d’échecs de la livenessProbe (httpGet sur /healthz, port 8080)' }),
      });
      g.check(g.t({ en: 'within 30 s', fr: 'en moins de 30 s' }), back.elapsedMs <= 30_000, `${back.elapsedMs} ms`, g.hint({ en: 'lower periodSeconds or failureThreshold', fr: 'baissez periodSeconds ou failureThreshold' }));
    });

    await g.step(g.t({ en: '/readyz fails: the pod leaves the Service, not restarted', fr: '/readyz échoue : le pod quitte le Service, sans redémarrer' }), async () => {
      const pod = g.pods(app.podSelector).readyNames().at(-1)!;
      const restarts = g.pod(pod).restarts();
      const failing = await g.exec(pod, post('/fail/ready'));
      g.check(g.t({ en: 'grading made /readyz fail (POST /fail/ready)', fr: 'la correction a fait échouer /readyz (POST /fail/ready)' }), failing.exitCode === 0, `exit ${failing.exitCode}`);
      await g.expect(g.service(service.name).excludes(pod), {
        within: '20s',
        what: g.t({ en: `Service ${service.name} stops sending traffic to ${pod}`, fr: `le Service ${service.name} n’envoie plus de trafic à ${pod}` }),
        hint: g.hint({ en: 'only a readinessProbe (httpGet on /readyz) takes a pod out of the Service without restarting it', fr: 'seule une readinessProbe (httpGet sur /readyz) sort un pod du Service sans le relancer' }),
      });
      // Watched for a while, not read once: a livenessProbe that also asks /readyz kills the pod seconds later.
      await g.expectNot(g.pod(pod).restartedAndReady(restarts + 1), {
        for: '20s',
        what: g.t({ en: 'and it is not restarted (20 s)', fr: 'et il n’est pas relancé (20 s)' }),
        hint: g.hint({ en: 'the livenessProbe must check /healthz, not /readyz', fr: 'la livenessProbe doit vérifier /healthz, pas /readyz' }),
      });
    });
  },
});
