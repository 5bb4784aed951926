import { defineExercise } from 'kindlab';

/** The ReplicaSet keeps exactly N pods, spread over the nodes, and converges when N changes. */
export default defineExercise({
  id: 'replicas',
  title: { fr: 'N réplicas, répartis', en: 'N replicas, spread out' },
  section: 'Principe de fonctionnement : replicas (fichier de déploiement)',
  guide: 'replicas',
  duration: '60s',
  needs: ['two-workers'],
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (port 8080) avec **4 réplicas**.

Ce que fera la correction : elle attend vos 4 pods prêts, regarde sur quels nœuds ils tournent, passe
le Deployment à 6 réplicas puis à 2, et supprime un pod.

Réussi si : 4 pods prêts, répartis sur au moins deux nœuds ; le ReplicaSet converge à 6 puis à 2 pods
en moins de 90 s chaque fois ; le pod supprimé est remplacé.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (port 8080) with **4 replicas**.

What grading does: it waits for your 4 pods to be Ready, looks at the nodes they run on, scales the
Deployment to 6 replicas then to 2, and deletes a pod.

Passes if: 4 pods Ready, spread over at least two nodes; the ReplicaSet converges to 6 then to 2 pods
within 90 s each time; the deleted pod is replaced.`,
  },
  async grade(g) {
    const count = g.hint({ en: 'spec.replicas is the number of pods the ReplicaSet keeps', fr: 'spec.replicas est le nombre de pods que le ReplicaSet maintient' });
    const app = await g.step(g.t({ en: '4 replicas, spread over the nodes', fr: '4 réplicas, répartis sur les nœuds' }), async () => {
      await g.applyStudentFiles();
      const deployment = await g.find.deployment();
      g.check(g.t({ en: 'the Deployment asks for 4 replicas', fr: 'le Deployment demande 4 réplicas' }), deployment.replicas === 4, `replicas: ${deployment.replicas}`, count);
      await g.expect(g.deployment(deployment.name).available(4), { within: '90s', what: g.t({ en: '4 available replicas', fr: '4 réplicas disponibles' }), hint: count });
      const nodes = g.pods(deployment.podSelector).perNode();
      g.check(g.t({ en: 'the pods run on at least two nodes', fr: 'les pods tournent sur au moins deux nœuds' }), nodes.size >= 2, JSON.stringify(Object.fromEntries(nodes)), g.hint({ en: 'the scheduler spreads the replicas of a ReplicaSet over the nodes unless something pins them (nodeName, a nodeSelector only one node matches)', fr: 'le scheduler répartit les réplicas sur les nœuds, sauf si quelque chose les attache (nodeName, un nodeSelector qu’un seul nœud satisfait)' }));
      return deployment;
    });

    await g.step(g.t({ en: 'Scale to 6, then to 2: the ReplicaSet converges', fr: 'Passer à 6, puis à 2 : le ReplicaSet converge' }), async () => {
      const up = await g.scale(app.name, 6);
      const six = await g.expect(g.deployment(app.name).available(6), { within: '90s', hint: count });
      g.measure('scale_to_6', six.metAt - up.at, 'ms', 'scale 4 → 6: change → 6 available');
      const down = await g.scale(app.name, 2);
      const two = await g.expect(g.pods(app.podSelector).count(2), { within: '90s', what: g.t({ en: 'only 2 pods left', fr: 'plus que 2 pods' }), hint: count });
      g.measure('scale_to_2', two.metAt - down.at, 'ms', 'scale 6 → 2: change → 4 pods gone');
    });

    await g.step(g.t({ en: 'A deleted pod is replaced', fr: 'Un pod supprimé est remplacé' }), async () => {
      const before = g.pods(app.podSelector).readyNames();
      await g.deletePod(before[0]!);
      await g.expect(g.pods(app.podSelector).replaced(before[0]!, before, 2), { within: '60s', hint: count });
    });
  },
});
