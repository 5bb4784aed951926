import { defineExercise, type Pod } from 'kindlab';

/** Pods are ephemeral: written as a Deployment, they come back after a crash and after a deletion. */
export default defineExercise({
  id: 'self-healing',
  title: { fr: 'Des pods qui reviennent', en: 'Pods that come back' },
  section: 'Pods et ReplicaSets (les pods sont éphémères)',
  guide: 'self-healing',
  duration: '60s',
  needs: [],
  statement: {
    fr: `Écrivez le manifest d'une application \`docker.io/kindlab/demo:1.0.0\` (elle écoute sur le port 8080)
qui tourne en **3 exemplaires** et que Kubernetes relance quoi qu'il arrive.

Ce que fera la correction : elle applique vos fichiers dans un namespace neuf, attend vos 3 pods
prêts, tue le processus principal de l'un d'eux, puis supprime un autre pod.

Réussi si : 3 pods prêts en moins de 90 s ; le pod dont le processus a été tué est relancé (le même
pod, son compteur de redémarrages augmente) ; le pod supprimé est remplacé par un nouveau, et 3 pods
sont de nouveau prêts.`,
    en: `Write the manifest of an application \`docker.io/kindlab/demo:1.0.0\` (it listens on port 8080) that
runs as **3 copies** and that Kubernetes brings back whatever happens.

What grading does: it applies your files in a fresh namespace, waits for your 3 pods to be Ready,
kills the main process of one of them, then deletes another pod.

Passes if: 3 pods Ready within 90 s; the pod whose process was killed is restarted (the same pod,
its restart count goes up); the deleted pod is replaced by a new one, and 3 pods are Ready again.`,
  },
  async grade(g) {
    const app = await g.step(g.t({ en: 'Your manifests run 3 pods', fr: 'Vos manifests font tourner 3 pods' }), async () => {
      await g.applyStudentFiles();
      // Any controller the statement allows (it names none): found by what it is.
      const workload = await g.find.workload();
      const replicasHint = g.hint({ en: `replicas: 3 asks the ${workload.kind} for three pods; each must become Ready (an image the cluster has, a container that starts)`, fr: `replicas: 3 demande trois pods au ${workload.kind} ; chacun doit devenir prêt (une image présente, un conteneur qui démarre)` });
      g.check(g.t({ en: `the ${workload.kind} asks for 3 replicas`, fr: `le ${workload.kind} demande 3 réplicas` }), workload.replicas === 3, `replicas: ${workload.replicas}`, replicasHint);
      await g.expect(g.pods(workload.podSelector).ready(3), {
        within: '90s',
        what: g.t({ en: '3 pods Ready', fr: '3 pods prêts' }),
        hint: replicasHint,
      });
      return workload;
    });

    await g.step(g.t({ en: 'A crashed container is restarted in the same pod', fr: 'Un conteneur planté est relancé dans le même pod' }), async () => {
      const [pod] = g.pods(app.podSelector).readyNames();
      const kill = await g.killMainProcess(pod!);
      const back = await g.expect(g.pod(pod!).restartedAndReady(kill.value.restartsBefore + 1), {
        within: '60s',
        what: g.t({ en: `pod ${pod} restarted and Ready again`, fr: `le pod ${pod} relancé et de nouveau prêt` }),
        hint: g.hint({ en: 'the kubelet restarts a container that exits (restartPolicy: Always, the only one a controller\'s pods may have)', fr: 'le kubelet relance un conteneur qui s’arrête (restartPolicy: Always, la seule que les pods d’un contrôleur peuvent avoir)' }),
      });
      g.measure('kill_to_ready', back.metAt - kill.at, 'ms', 'main process killed → the same pod Ready again');
    });

    await g.step(g.t({ en: 'A deleted pod is replaced by a new one', fr: 'Un pod supprimé est remplacé par un nouveau' }), async () => {
      const before = g.pods(app.podSelector).readyNames();
      // A StatefulSet brings the pod back under its name: a new pod is a new uid.
      const uid = (await g.object<Pod>('Pod', before[0]!).get())?.metadata?.uid;
      const deleted = await g.deletePod(before[0]!);
      const replaced = await g.expect(g.pods(app.podSelector).replaced(before[0]!, before, 3, uid), {
        within: '90s',
        what: g.t({ en: 'a new pod replaces the deleted one, 3 Ready', fr: 'un nouveau pod remplace le pod supprimé, 3 prêts' }),
        hint: g.hint({ en: 'only a controller (a Deployment and its ReplicaSet, a StatefulSet) recreates a deleted pod', fr: 'seul un contrôleur (un Deployment et son ReplicaSet, un StatefulSet) recrée un pod supprimé' }),
      });
      g.measure('delete_to_ready', replaced.metAt - deleted.at, 'ms', 'pod deleted → a new pod Ready');
    });
  },
});
