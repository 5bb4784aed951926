import { defineExercise, type Pod } from 'kindlab';

const key = 'kindlab.dev/exercise';
const value = 'scheduling';

/** The scheduler places pods: one that asks for a node label waits until a node has it. */
export default defineExercise({
  id: 'scheduling',
  title: { fr: 'Le scheduler place les pods', en: 'The scheduler places pods' },
  section: "Qu'est-ce que Kubernetes ? Plan de contrôle et nœuds",
  guide: 'control-plane',
  duration: '45s',
  needs: [],
  exclusive: true,
  clusterWide: true,
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (1 réplica) dont le pod ne peut tourner **que sur
un nœud qui porte le label \`${key}=${value}\`**. Aucun nœud ne le porte au départ.

Ce que fera la correction : elle vérifie que le pod attend (Pending, le scheduler ne trouve pas de
nœud), puis pose ce label sur un nœud de travail (et l'enlève à la fin).

Réussi si : le pod reste Pending tant qu'aucun nœud n'a le label ; il est placé sur le nœud étiqueté
en moins de 30 s une fois le label posé.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (1 replica) whose pod may run **only on a node that
carries the label \`${key}=${value}\`**. No node carries it at first.

What grading does: it checks that the pod waits (Pending, the scheduler finds no node), then puts that
label on a worker node (and removes it at the end).

Passes if: the pod stays Pending while no node has the label; it is placed on the labelled node within
30 s once the label is there.`,
  },
  async grade(g) {
    const select = g.hint({ en: `nodeSelector (or a node affinity) with ${key}: ${value} makes the scheduler wait for such a node`, fr: `nodeSelector (ou une affinité de nœud) avec ${key}: ${value} fait attendre au scheduler un tel nœud` });
    const pod = await g.step(g.t({ en: 'The pod waits for a node with the label', fr: 'Le pod attend un nœud qui porte le label' }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const [created] = (await g.expect(g.pods(app.podSelector).count(1), { within: '30s' })).value;
      const name = created!.metadata!.name!;
      // The scheduler's own verdict, in the pod's status (a student may write Events, never a pod's status).
      await g.expect(g.object<Pod>('Pod', name).condition('PodScheduled', 'False', 'Unschedulable'), { within: '30s', what: g.t({ en: 'the scheduler finds no node for it', fr: 'le scheduler ne lui trouve pas de nœud' }), hint: select });
      await g.expect(g.pod(name).pending(), { within: '10s', hint: select });
      return name;
    });

    await g.step(g.t({ en: 'A node gets the label: the pod is placed there', fr: 'Un nœud reçoit le label : le pod y est placé' }), async () => {
      const worker = (await g.nodes()).find((n) => n.schedulable)!.name;
      const labelled = await g.labelNode(worker, key, value);
      const placed = await g.expect(g.pod(pod).scheduled(), { within: '30s', what: g.t({ en: `the pod is scheduled once ${worker} has the label`, fr: `le pod est placé une fois que ${worker} a le label` }), hint: select });
      g.check(g.t({ en: `it went to ${worker}, the node with the label`, fr: `il est allé sur ${worker}, le nœud étiqueté` }), placed.value === worker, `node ${placed.value}`, select);
      g.measure('label_to_scheduled', placed.metAt - labelled.at, 'ms', `node ${worker} labelled → the pod bound to it`);
    });
  },
});
