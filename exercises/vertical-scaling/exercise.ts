import { defineExercise, holdMemory, memoryMiOf } from 'kindlab';

const demo = 'docker.io/kindlab/demo:1.0.0';
const workingSetMiB = 96;

/** Vertical scaling: resources sized to what the app needs, and changed in place without a restart. */
export default defineExercise({
  id: 'vertical-scaling',
  title: { fr: 'Des ressources à la bonne taille', en: 'Resources of the right size' },
  section: 'Scaling horizontal vs scaling vertical',
  guide: 'vertical-scaling',
  duration: '75s',
  needs: [],
  statement: {
    fr: `L'application \`docker.io/kindlab/demo:1.0.0\` réserve 96 Mio de mémoire au démarrage quand on lui donne
la variable d'environnement \`ALLOCATE_MB=96\`. Écrivez un Deployment (1 réplica, port 8080) qui la lance
ainsi, avec des **requests** (CPU et mémoire) et une **limite mémoire** qui lui permet de tourner.

Ce que fera la correction : elle observe le pod 20 s, fait garder à l'application ses 96 Mio (comme
\`ALLOCATE_MB=96\`, par son point d'entrée \`POST /allocate\` : la charge vient de la correction) et
l'observe 10 s de plus, puis augmente ses ressources **sur place** (redimensionnement du pod en
cours, sans le recréer).

Réussi si : le pod est prêt et n'est jamais tué pour mémoire (OOMKilled) ; le redimensionnement est
appliqué sans redémarrer le conteneur.`,
    en: `The application \`docker.io/kindlab/demo:1.0.0\` holds 96 MiB of memory from its start when given the
environment variable \`ALLOCATE_MB=96\`. Write a Deployment (1 replica, port 8080) that runs it so, with
**requests** (CPU and memory) and a **memory limit** that lets it run.

What grading does: it watches the pod for 20 s, makes the app hold its 96 MiB (as \`ALLOCATE_MB=96\`
does, through its \`POST /allocate\`: the load comes from grading) and watches 10 s more, then raises
its resources **in place** (a resize of the running pod, not a new pod).

Passes if: the pod is Ready and never killed for memory (OOMKilled); the resize is applied without
restarting the container.`,
  },
  async grade(g) {
    const { pod, container, qos, restartsOnResize, limitMi } = await g.step(g.t({ en: 'The app runs within its resources', fr: "L'application tourne dans ses ressources" }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const main = app.object.spec?.template.spec?.containers[0];
      const image = app.containers[0]?.image; // as the runtime pulls it: kindlab/demo:1.0.0 is docker.io/kindlab/demo:1.0.0
      g.check(g.t({ en: `the container runs ${demo}, as the statement asks`, fr: `le conteneur lance ${demo}, comme le demande l'énoncé` }), image === demo, main?.image ?? 'no container', g.hint({ en: 'grading makes that app hold its working set (POST /allocate): another image cannot be measured', fr: 'la correction fait garder sa mémoire à cette application (POST /allocate) : une autre image ne peut pas être mesurée' }));
      if (!main?.env?.some((e) => e.name === 'ALLOCATE_MB' && e.value === String(workingSetMiB))) {
        g.note(g.t({ en: `the container does not set ALLOCATE_MB=${workingSetMiB} as the statement runs the app; grading makes it hold ${workingSetMiB} MiB anyway`, fr: `le conteneur ne définit pas ALLOCATE_MB=${workingSetMiB} comme l'énoncé lance l'application ; la correction lui fait garder ${workingSetMiB} Mio quand même` }));
      }
      const resources = main?.resources ?? {};
      g.check(g.t({ en: 'the container has CPU and memory requests and a memory limit', fr: 'le conteneur a des requests CPU et mémoire et une limite mémoire' }), Boolean(resources.requests?.cpu && resources.requests?.memory && resources.limits?.memory), JSON.stringify(resources), g.hint({ en: 'requests tell the scheduler what the pod needs; the memory limit is where the kernel kills it', fr: 'les requests disent au scheduler ce dont le pod a besoin ; la limite mémoire est là où le noyau le tue' }));
      const oom = g.hint({ en: 'above its memory limit a container is OOMKilled: the limit must exceed what the app holds (96 MiB and more)', fr: 'au-delà de sa limite mémoire un conteneur est OOMKilled : la limite doit dépasser ce que garde l’application (96 Mio et plus)' });
      await g.expectNot(g.pods(app.podSelector).terminatedWith('OOMKilled'), { for: '20s', what: g.t({ en: 'the container is never OOMKilled', fr: 'le conteneur n’est jamais OOMKilled' }), hint: oom });
      const ready = await g.expect(g.pods(app.podSelector).ready(1), { within: '30s', hint: oom });
      const pod = ready.value[0]!.metadata!.name!;
      // The working set the statement talks about, from grading's side: never left to the student's env.
      const load = await holdMemory(g, pod, workingSetMiB);
      g.note(load.ok ? g.t({ en: `the app holds ${load.heldMiB} MiB`, fr: `l'application garde ${load.heldMiB} Mio` }) : g.t({ en: `asking the app to hold ${workingSetMiB} MiB: ${load.error}`, fr: `demander à l'application de garder ${workingSetMiB} Mio : ${load.error}` }));
      await g.expectNot(g.pods(app.podSelector).terminatedWith('OOMKilled'), { for: '10s', what: g.t({ en: `the container is never OOMKilled, holding ${workingSetMiB} MiB`, fr: `le conteneur n’est jamais OOMKilled, en gardant ${workingSetMiB} Mio` }), hint: oom });
      g.check(g.t({ en: `the app holds ${workingSetMiB} MiB and keeps running`, fr: `l'application garde ${workingSetMiB} Mio et tourne toujours` }), load.ok, load.ok ? `${load.heldMiB} MiB` : load.error, oom);
      const qos = ready.value[0]!.status?.qosClass ?? 'Burstable';
      const restartsOnResize = main?.resizePolicy?.some((p) => p.resourceName === 'memory' && p.restartPolicy === 'RestartContainer') ?? false;
      return { pod, container: app.containers[0]!.name, qos, restartsOnResize, limitMi: memoryMiOf(resources.limits?.memory ?? '0') };
    });

    await g.step(g.t({ en: 'Resized in place, without a restart', fr: 'Redimensionné sur place, sans redémarrage' }), async () => {
      const restarts = g.pod(pod).restarts();
      // A raise, whatever the limit, that keeps the pod's QoS class (the API server refuses a resize
      // that would change it): a Guaranteed pod gets its request raised with its limit.
      const limit = `${Math.max(256, Math.ceil(limitMi) + 64)}Mi`;
      const raise = qos === 'Guaranteed' ? { requests: { memory: limit }, limits: { memory: limit } } : { limits: { memory: limit } };
      const resized = await g.resizePod(pod, container, raise).catch((error: Error) => {
        throw new Error(g.t({ en: `grading's own in-place resize (${JSON.stringify(raise)}) was refused: ${error.message}. That is kindlab's failure, not your answer's`, fr: `le redimensionnement sur place demandé par la correction (${JSON.stringify(raise)}) a été refusé : ${error.message}. C'est un échec de kindlab, pas de votre réponse` }));
      });
      const applied = await g.expect(g.pod(pod).resourcesApplied(container, { memory: limit }), { within: '60s' });
      const after = g.pod(pod).restarts();
      const restartHint = restartsOnResize
        ? g.hint({ en: 'resizePolicy restartPolicy: RestartContainer for memory restarts the container on every resize; NotRequired (the default) resizes it running', fr: 'resizePolicy restartPolicy: RestartContainer pour la mémoire relance le conteneur à chaque redimensionnement ; NotRequired (par défaut) le redimensionne sans arrêt' })
        : undefined;
      g.check(g.t({ en: 'the container was not restarted', fr: 'le conteneur n’a pas été relancé' }), after === restarts, `restarts ${restarts} → ${after}${restartsOnResize ? ' (resizePolicy: RestartContainer for memory)' : ''}`, restartHint);
      g.measure('in_place_resize', applied.metAt - resized.at, 'ms', 'resize requested → new limit applied to the running container');
    });
  },
});
