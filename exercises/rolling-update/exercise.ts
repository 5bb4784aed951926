import { defineExercise, failedRequests } from 'kindlab';
import { servesBehindAService } from '../serving.ts';

const v2 = 'docker.io/kindlab/demo:2.0.0';

/** A rolling update that no user notices: not one request fails while the pods are replaced. */
export default defineExercise({
  id: 'rolling-update',
  title: { fr: 'Une mise à jour sans interruption', en: 'An update without interruption' },
  section: 'Maintenance : rolling update, rollout restart',
  guide: 'rolling-update',
  duration: '90s',
  needs: [],
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (3 réplicas, port 8080) et un Service (port 80),
tels qu'une mise à jour vers \`docker.io/kindlab/demo:2.0.0\` ne fasse **échouer aucune requête**.

Ce que fera la correction : depuis un pod du cluster, elle envoie 50 requêtes par seconde à votre
Service, change l'image en 2.0.0 (comme \`kubectl set image\`) et attend la fin du déploiement. La
version 2.0.0 met 3 s à ouvrir son port, comme une vraie application qui charge son modèle : la
correction le lui impose (\`STARTUP_DELAY=3s\`).

Réussi si : zéro requête en échec pendant la mise à jour ; ensuite, toutes les réponses viennent de 2.0.0.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (3 replicas, port 8080) and a Service (port 80) such
that an update to \`docker.io/kindlab/demo:2.0.0\` makes **not a single request fail**.

What grading does: from a pod inside the cluster it sends 50 requests per second to your Service,
changes the image to 2.0.0 (as \`kubectl set image\` does) and waits for the rollout to finish.
Version 2.0.0 takes 3 s to open its port, as a real app loading its model does: grading makes it so
(\`STARTUP_DELAY=3s\`).

Passes if: zero failed requests during the update; afterwards, every answer comes from 2.0.0.`,
  },
  async grade(g) {
    const { app, service } = await servesBehindAService(g);
    const traffic = g.traffic({ service: service.name, rate: 50 });
    await g.step(g.t({ en: 'The update to 2.0.0 under traffic fails no request', fr: 'La mise à jour vers 2.0.0 sous trafic ne fait échouer aucune requête' }), async () => {
      await traffic.answered(50, { within: '60s' });
      const old = g.deployment(app.name).replicaSets().at(-1);
      // The slow start a readinessProbe guards against comes from grading, never from the student's env.
      const change = await g.setImage(app.name, app.containers[0]!.name, v2, { env: { STARTUP_DELAY: '3s' } });
      await g.expect(g.deployment(app.name).rolledOut(), { within: '3m' });
      if (old) await g.expect(g.pods(old.podSelector).none(), { within: '90s', what: g.t({ en: 'the old pods are gone', fr: 'les anciens pods sont partis' }) });
      await traffic.answered(50, { within: '30s' });
      const report = await traffic.stop();
      const during = traffic.since(change.at);
      g.measure('update_failed_requests', during.failed, 'requests', 'failed requests during the update', { requests: during.requests, downtime: during.downtime, errors: during.errors, byVersion: during.byVersion });
      g.check(g.t({ en: 'zero failed requests during the update', fr: 'zéro requête en échec pendant la mise à jour' }), during.failed === 0, failedRequests(during), g.hint({
        en: 'a readinessProbe keeps traffic away from a pod that cannot answer yet; maxUnavailable: 0 keeps every old pod until its replacement is Ready; a preStop pause lets the Service forget a pod before it stops',
        fr: "une readinessProbe tient le trafic loin d'un pod qui ne peut pas encore répondre ; maxUnavailable: 0 garde chaque ancien pod jusqu'à ce que son remplaçant soit prêt ; une pause preStop laisse le Service oublier un pod avant qu'il ne s'arrête",
      }));
      const after = traffic.since(Date.now() - 1000);
      g.check(g.t({ en: 'every answer now comes from 2.0.0', fr: 'toutes les réponses viennent maintenant de 2.0.0' }), Object.keys(report.byVersion).includes('2.0.0') && Object.keys(after.byVersion).every((v) => v === '2.0.0'), JSON.stringify(after.byVersion));
    });
  },
});
