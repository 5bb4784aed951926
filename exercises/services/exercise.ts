import { defineExercise } from 'kindlab';

/** A Service: a stable name in front of pods that come and go, spreading requests over all of them. */
export default defineExercise({
  id: 'services',
  title: { fr: 'Un Service devant les pods', en: 'A Service in front of the pods' },
  section: 'Principe de fonctionnement : service (IP, DNS, load balancing)',
  guide: 'services',
  duration: '45s',
  needs: [],
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (3 réplicas ; l'application écoute sur
le port 8080) et un Service de type ClusterIP qui le rend joignable sur le **port 80**.

Ce que fera la correction : depuis un pod du cluster, elle envoie des requêtes à votre Service par
son nom DNS (\`http://<service>/\`), puis supprime un de vos pods.

Réussi si : les requêtes reçoivent des réponses, de chacun des 3 pods ; le pod supprimé quitte les
endpoints du Service et son remplaçant y entre.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (3 replicas; the application listens on port
8080) and a ClusterIP Service that makes it reachable on **port 80**.

What grading does: from a pod inside the cluster it sends requests to your Service by its DNS name
(\`http://<service>/\`), then deletes one of your pods.

Passes if: requests get answers, from each of the 3 pods; the deleted pod leaves the Service's
endpoints and its replacement joins them.`,
  },
  async grade(g) {
    const { app, service } = await g.step(g.t({ en: 'Three pods behind a Service', fr: 'Trois pods derrière un Service' }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const service = await g.find.serviceFor(app);
      g.check(g.t({ en: 'the Service listens on port 80', fr: 'le Service écoute sur le port 80' }), service.port === 80, `port ${service.port}`, g.hint({ en: 'port is where the Service listens; targetPort is where the container listens (8080)', fr: 'port est là où le Service écoute ; targetPort là où le conteneur écoute (8080)' }));
      await g.expect(g.pods(app.podSelector).ready(3), { within: '90s' });
      return { app, service };
    });

    await g.step(g.t({ en: 'Requests by its DNS name reach every pod', fr: 'Les requêtes par son nom DNS atteignent chaque pod' }), async () => {
      const started = Date.now();
      const traffic = g.traffic({ service: service.name, rate: 30 });
      // The hint names what the Service shows: headless (no port mapping at all), or its targetPort.
      const headless = service.object.spec?.clusterIP === 'None';
      const reach = headless
        ? g.hint({ en: 'clusterIP: None makes a headless Service: its name resolves to the pods\' own addresses, so port 80 reaches the pods themselves, where nothing listens (the app is on 8080); a ClusterIP Service maps its port to targetPort', fr: 'clusterIP: None fait un Service headless : son nom donne les adresses des pods eux-mêmes, donc le port 80 arrive sur les pods, où rien n’écoute (l’application est sur 8080) ; un Service ClusterIP renvoie son port vers targetPort' })
        : g.hint({ en: 'the Service forwards to targetPort on the pods it selects: targetPort must be the container port (8080)', fr: 'le Service transmet vers targetPort sur les pods qu’il sélectionne : targetPort doit être le port du conteneur (8080)' });
      await traffic.answered(30, { within: '45s', what: g.t({ en: `30 answers through http://${service.name}/`, fr: `30 réponses via http://${service.name}/` }), hint: reach });
      await g.eventually(
        g.t({ en: 'every Ready pod answers', fr: 'chaque pod prêt répond' }),
        async () => {
          const missing = g.pods(app.podSelector).readyNames().filter((p) => !traffic.since(started).byPod[p]);
          return missing.length === 0 ? true : `no answer yet from ${missing.join(', ')}`;
        },
        { within: '30s', every: '500ms', hint: g.hint({ en: 'a Service spreads requests over all the pods its selector matches', fr: 'un Service répartit les requêtes sur tous les pods que son sélecteur désigne' }) },
      );
      const report = await traffic.stop();
      g.measure('requests_per_pod', report.requests, 'requests', 'requests through the Service, by pod', report.byPod);
    });

    await g.step(g.t({ en: 'A deleted pod leaves the endpoints; its replacement joins', fr: 'Un pod supprimé quitte les endpoints ; son remplaçant y entre' }), async () => {
      const [victim] = g.pods(app.podSelector).readyNames();
      const deleted = await g.deletePod(victim!);
      const gone = await g.expect(g.service(service.name).excludes(victim!), { within: '30s' });
      g.measure('pod_deleted_to_endpoint_removed', gone.metAt - deleted.at, 'ms', 'pod deleted → no longer an endpoint');
      await g.expect(g.service(service.name).readyEndpoints(3), { within: '60s', what: g.t({ en: 'the replacement joined the endpoints', fr: 'le remplaçant a rejoint les endpoints' }) });
    });
  },
});
