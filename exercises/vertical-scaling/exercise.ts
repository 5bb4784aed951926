import { defineExercise } from 'kindlab';

/** Vertical scaling: resources sized to what the app needs, and changed in place without a restart. */
export default defineExercise({
  id: 'vertical-scaling',
  title: { fr: 'Des ressources à la bonne taille', en: 'Resources of the right size' },
  section: 'Scaling horizontal vs scaling vertical',
  guide: 'vertical-scaling',
  duration: '60s',
  needs: [],
  statement: {
    fr: `L'application \`docker.io/kindlab/demo:1.0.0\` réserve 96 Mio de mémoire au démarrage quand on lui donne
la variable d'environnement \`ALLOCATE_MB=96\`. Écrivez un Deployment (1 réplica, port 8080) qui la lance
ainsi, avec des **requests** (CPU et mémoire) et une **limite mémoire** qui lui permet de tourner.

Ce que fera la correction : elle observe le pod 20 s, puis augmente ses ressources **sur place**
(redimensionnement du pod en cours, sans le recréer).

Réussi si : le pod est prêt et n'est jamais tué pour mémoire (OOMKilled) ; le redimensionnement est
appliqué sans redémarrer le conteneur.`,
    en: `The application \`docker.io/kindlab/demo:1.0.0\` holds 96 MiB of memory from its start when given the
environment variable \`ALLOCATE_MB=96\`. Write a Deployment (1 replica, port 8080) that runs it so, with
**requests** (CPU and memory) and a **memory limit** that lets it run.

What grading does: it watches the pod for 20 s, then raises its resources **in place** (a resize of the
running pod, not a new pod).

Passes if: the pod is Ready and never killed for memory (OOMKilled); the resize is applied without
restarting the container.`,
  },
  async grade(g) {
    const { pod, container } = await g.step(g.t({ en: 'The app runs within its resources', fr: "L'application tourne dans ses ressources" }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const resources = app.object.spec?.template.spec?.containers[0]?.resources ?? {};
      g.check(g.t({ en: 'the container has CPU and memory requests and a memory limit', fr: 'le conteneur a des requests CPU et mémoire et une limite mémoire' }), Boolean(resources.requests?.cpu && resources.requests?.memory && resources.limits?.memory), JSON.stringify(resources), g.hint({ en: 'requests tell the scheduler what the pod needs; the memory limit is where the kernel kills it', fr: 'les requests disent au scheduler ce dont le pod a besoin ; la limite mémoire est là où le noyau le tue' }));
      const oom = g.hint({ en: 'above its memory limit a container is OOMKilled: the limit must exceed what the app holds (96 MiB and more)', fr: 'au-delà de sa limite mémoire un conteneur est OOMKilled : la limite doit dépasser ce que garde l’application (96 Mio et plus)' });
      await g.expectNot(g.pods(app.podSelector).terminatedWith('OOMKilled'), { for: '20s', what: g.t({ en: 'the container is never OOMKilled', fr: 'le conteneur n’est jamais OOMKilled' }), hint: oom });
      const ready = await g.expect(g.pods(app.podSelector).ready(1), { within: '30s', hint: oom });
      return { pod: ready.value[0]!.metadata!.name!, container: app.containers[0]!.name };
    });

    await g.step(g.t({ en: 'Resized in place, without a restart', fr: 'Redimensionné sur place, sans redémarrage' }), async () => {
      const restarts = g.pod(pod).restarts();
      const limit = `${256}Mi`;
      const resized = await g.resizePod(pod, container, { requests: { memory: '192Mi' }, limits: { memory: limit } });
      const applied = await g.expect(g.pod(pod).resourcesApplied(container, { memory: limit }), { within: '60s' });
      g.check(g.t({ en: 'the container was not restarted', fr: 'le conteneur n’a pas été relancé' }), g.pod(pod).restarts() === restarts, `restarts ${restarts} → ${g.pod(pod).restarts()}`);
      g.measure('in_place_resize', applied.metAt - resized.at, 'ms', 'resize requested → new limit applied to the running container');
    });
  },
});
