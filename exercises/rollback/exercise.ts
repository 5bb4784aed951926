import { defineExercise, failedRequests } from 'kindlab';
import { servesBehindAService } from '../serving.ts';

const broken = 'docker.io/kindlab/demo:9.9.9-does-not-exist';

/** A broken update is reported, the old pods keep serving meanwhile, and an undo brings them back. */
export default defineExercise({
  id: 'rollback',
  title: { fr: 'Une mise à jour ratée, puis le retour', en: 'A failed update, then back' },
  section: 'Maintenance : rolling update et rollback',
  guide: 'rollback',
  duration: '90s',
  needs: [],
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (3 réplicas, port 8080) et un Service (port 80)
tels qu'une mise à jour **ratée** soit signalée vite et ne coupe rien.

Ce que fera la correction : depuis un pod du cluster, elle envoie 50 requêtes par seconde à votre
Service, passe l'image à une version qui n'existe pas, attend que Kubernetes déclare l'échec, puis
revient en arrière (comme \`kubectl rollout undo\`).

Réussi si : l'échec est signalé (condition Progressing=False, ProgressDeadlineExceeded) en moins de
60 s ; vos 3 anciens pods restent prêts ; zéro requête en échec ; après le retour, le déploiement est
complet avec 1.0.0.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (3 replicas, port 8080) and a Service (port 80) such
that a **failed** update is reported quickly and interrupts nothing.

What grading does: from a pod inside the cluster it sends 50 requests per second to your Service,
sets the image to a version that does not exist, waits until Kubernetes declares the failure, then
rolls back (as \`kubectl rollout undo\` does).

Passes if: the failure is reported (condition Progressing=False, ProgressDeadlineExceeded) within 60 s;
your 3 old pods stay Ready; zero failed requests; after the undo, the rollout is complete with 1.0.0.`,
  },
  async grade(g) {
    const { app, service } = await servesBehindAService(g);
    const traffic = g.traffic({ service: service.name, rate: 50 });
    let brokenAt = 0;
    await g.step(g.t({ en: 'A broken update is reported, the old pods keep serving', fr: 'Une mise à jour cassée est signalée, les anciens pods continuent de servir' }), async () => {
      await traffic.answered(50, { within: '60s' });
      brokenAt = (await g.setImage(app.name, app.containers[0]!.name, broken)).at;
      await g.expect(g.deployment(app.name).condition('Progressing', 'False', 'ProgressDeadlineExceeded'), {
        within: '60s',
        what: g.t({ en: 'the failure is reported (ProgressDeadlineExceeded)', fr: "l'échec est signalé (ProgressDeadlineExceeded)" }),
        hint: g.hint({ en: 'progressDeadlineSeconds (600 by default) is how long a rollout may stall before it is reported: lower it', fr: 'progressDeadlineSeconds (600 par défaut) est le temps qu’un déploiement peut rester bloqué avant d’être signalé : baissez-le' }),
      });
      const old = g.pods(app.podSelector).readyNames();
      g.check(g.t({ en: 'the 3 old pods are still Ready', fr: 'les 3 anciens pods sont toujours prêts' }), old.length === 3, old.join(', '), g.hint({ en: 'maxUnavailable: 0 keeps every old pod until a new one is Ready, which never happens with a broken image', fr: 'maxUnavailable: 0 garde chaque ancien pod tant qu’un nouveau n’est pas prêt, ce qui n’arrive jamais avec une image cassée' }));
    });
    await g.step(g.t({ en: 'rollout undo brings 1.0.0 back, and no request failed', fr: 'rollout undo ramène 1.0.0, sans requête en échec' }), async () => {
      await g.rolloutUndo(app.name);
      await g.expect(g.deployment(app.name).rolledOut(), { within: '90s' });
      // Read again, as the runtime pulls it: kindlab/demo:1.0.0 is docker.io/kindlab/demo:1.0.0.
      const image = (await g.find.deployment()).containers[0]?.image;
      g.check(g.t({ en: 'the Deployment runs 1.0.0 again', fr: 'le Deployment tourne de nouveau en 1.0.0' }), image === 'docker.io/kindlab/demo:1.0.0', g.deployment(app.name).image());
      await traffic.answered(25, { within: '30s' });
      await traffic.stop();
      const during = traffic.since(brokenAt);
      g.measure('failed_requests', during.failed, 'requests', 'failed requests from the broken update to the end of the undo', { requests: during.requests, downtime: during.downtime });
      g.check(g.t({ en: 'zero failed requests through it all', fr: 'zéro requête en échec tout du long' }), during.failed === 0, failedRequests(during), g.hint({ en: 'with maxUnavailable: 0 and a readinessProbe, the broken pods never get traffic and the old ones never leave', fr: 'avec maxUnavailable: 0 et une readinessProbe, les pods cassés ne reçoivent jamais de trafic et les anciens ne partent pas' }));
    });
  },
});
