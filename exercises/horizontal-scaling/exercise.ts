import { defineExercise } from 'kindlab';

/** Horizontal scaling: an HPA adds pods when the CPU they use goes above its target. */
export default defineExercise({
  id: 'horizontal-scaling',
  title: { fr: 'Plus de pods sous la charge', en: 'More pods under load' },
  section: 'Scaling horizontal vs scaling vertical',
  guide: 'horizontal-scaling',
  duration: '150s',
  needs: ['metrics'],
  exclusive: true,
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (1 réplica au départ, port 8080), un Service
(port 80) et un **HorizontalPodAutoscaler** qui le fait varier de 1 à 4 réplicas selon le CPU
(cible : 50 % de la demande).

Ce que fera la correction : elle attend que l'autoscaler lise le CPU de vos pods, puis envoie depuis le
cluster 20 requêtes par seconde à \`/burn?ms=40\` (40 ms de calcul chacune) à travers votre Service.

Réussi si : l'autoscaler lit le CPU en moins de 2 minutes ; au moins 2 pods sont prêts en moins de
150 s de charge.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (1 replica to start, port 8080), a Service
(port 80) and a **HorizontalPodAutoscaler** that scales it from 1 to 4 replicas on CPU (target: 50% of
the request).

What grading does: it waits until the autoscaler reads your pods' CPU, then sends from inside the
cluster 20 requests per second to \`/burn?ms=40\` (40 ms of work each) through your Service.

Passes if: the autoscaler reads the CPU within 2 minutes; at least 2 pods are Ready within 150 s of
load.`,
  },
  async grade(g) {
    const { app, service } = await g.step(g.t({ en: 'A Deployment, its Service and an autoscaler that reads its CPU', fr: 'Un Deployment, son Service et un autoscaler qui lit son CPU' }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const service = await g.find.serviceFor(app);
      const hpa = await g.find.autoscalerOf(app);
      const spec = hpa.spec;
      const cpuTarget = spec?.metrics?.find((m) => m.type === 'Resource' && m.resource?.name === 'cpu')?.resource?.target;
      const asked = (spec?.minReplicas ?? 1) === 1 && spec?.maxReplicas === 4 && cpuTarget?.type === 'Utilization' && cpuTarget.averageUtilization === 50;
      g.check(g.t({ en: 'the autoscaler goes from 1 to 4 replicas on 50% CPU, as the statement asks', fr: "l'autoscaler va de 1 à 4 réplicas sur 50 % de CPU, comme le demande l'énoncé" }), asked,
        `minReplicas ${spec?.minReplicas ?? 1}, maxReplicas ${spec?.maxReplicas}, cpu ${cpuTarget ? `${cpuTarget.type} ${cpuTarget.averageUtilization ?? cpuTarget.averageValue ?? ''}` : 'none'}`,
        g.hint({ en: 'minReplicas: 1, maxReplicas: 4, and a Resource metric cpu with target type Utilization, averageUtilization: 50', fr: 'minReplicas: 1, maxReplicas: 4, et une métrique Resource cpu de cible type Utilization, averageUtilization: 50' }));
      await g.expect(g.deployment(app.name).available(1), { within: '90s' });
      const cpu = await g.expect(g.autoscaler(hpa.metadata!.name!).readsCpu(), {
        within: '120s',
        hint: g.hint({ en: 'the HPA computes CPU use as a share of resources.requests.cpu, and needs metrics-server', fr: "le HPA calcule l'utilisation CPU en part de resources.requests.cpu, et a besoin de metrics-server" }),
      });
      g.note(`CPU use at rest: ${cpu.value}% of the request`);
      return { app, service };
    });

    await g.step(g.t({ en: 'Under load the autoscaler adds pods', fr: 'Sous la charge, l’autoscaler ajoute des pods' }), async () => {
      // Pods added at rest would pass for pods added under load: the load must be what scales out.
      const atRest = g.pods(app.podSelector).readyNames();
      g.check(g.t({ en: 'one pod Ready before the load', fr: 'un seul pod prêt avant la charge' }), atRest.length === 1, atRest.join(', '), g.hint({ en: 'at rest the app uses almost no CPU: with a CPU request that small, the autoscaler scales out before any load', fr: "au repos l'application n'use presque pas de CPU : avec une request CPU si petite, l'autoscaler ajoute des pods avant toute charge" }));
      const load = g.traffic({ service: service.name, path: '/burn?ms=40', rate: 20 });
      await load.answered(20, { within: '60s', what: g.t({ en: 'the load reaches the app', fr: 'la charge atteint l’application' }) });
      const started = Date.now();
      const scaled = await g.expect(g.pods(app.podSelector).readyAtLeast(2), {
        within: '150s',
        what: g.t({ en: 'at least 2 pods Ready under load', fr: 'au moins 2 pods prêts sous la charge' }),
        hint: g.hint({ en: 'maxReplicas above 1, a CPU target the load exceeds (averageUtilization), and a CPU request small enough to be exceeded', fr: 'maxReplicas au-dessus de 1, une cible CPU que la charge dépasse (averageUtilization), et une request CPU assez petite pour être dépassée' }),
      });
      g.measure('load_to_second_pod_ready', scaled.metAt - started, 'ms', 'load started → a second pod Ready');
      await load.stop();
    });
  },
});
