import { defineExercise, type Grading, fileDigest, writeRandomFile } from 'kindlab';

const file = '/data/kindlab-check.bin';

async function write(g: Grading, pod: string): Promise<string> {
  const written = await writeRandomFile(g, pod, file);
  g.check(g.t({ en: `1 MiB written to ${file}`, fr: `1 Mio écrit dans ${file}` }), written.ok, written.ok ? undefined : written.error, g.hint({ en: 'mount a volume at /data (volumeMounts[].mountPath)', fr: 'montez un volume sur /data (volumeMounts[].mountPath)' }));
  return written.sha256;
}

const read = (g: Grading, pod: string) => fileDigest(g, pod, file);

/** Persistence: what a pod writes to a PersistentVolumeClaim outlives the pod. */
export default defineExercise({
  id: 'persistence',
  title: { fr: 'Des données qui survivent au pod', en: 'Data that outlives the pod' },
  section: 'Persistance des données (PersistentVolumeClaim)',
  guide: 'persistence',
  duration: '60s',
  needs: [],
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (1 réplica) dont le dossier **\`/data\`** garde
ses fichiers quand le pod est remplacé, grâce à une **PersistentVolumeClaim**. Le cluster a une
StorageClass par défaut.

Ce que fera la correction : elle écrit 1 Mio de données aléatoires dans \`/data\`, supprime le pod, et
relit le fichier dans le pod qui le remplace.

Réussi si : le nouveau pod lit exactement les mêmes données (même empreinte sha256), gardées par la claim.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (1 replica) whose folder **\`/data\`** keeps its files
when the pod is replaced, thanks to a **PersistentVolumeClaim**. The cluster has a default StorageClass.

What grading does: it writes 1 MiB of random data to \`/data\`, deletes the pod, and reads the file
again in the pod that replaces it.

Passes if: the new pod reads exactly the same data (same sha256 digest), kept by the claim.`,
  },
  async grade(g) {
    const { app, pod } = await g.step(g.t({ en: 'The pod runs', fr: 'Le pod tourne' }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const ready = await g.expect(g.pods(app.podSelector).ready(1), { within: '90s', hint: g.hint({ en: 'a pod that mounts a claim waits until the claim is bound', fr: 'un pod qui monte une claim attend qu’elle soit liée' }) });
      return { app, pod: ready.value[0]!.metadata!.name! };
    });

    await g.step(g.t({ en: 'Data in /data outlives the pod', fr: 'Les données de /data survivent au pod' }), async () => {
      const written = await write(g, pod);
      const deleted = await g.deletePod(pod);
      const replaced = await g.expect(g.pods(app.podSelector).replaced(pod, [pod], 1), { within: '90s' });
      const next = replaced.value.metadata!.name!;
      const readBack = await read(g, next);
      g.check(g.t({ en: 'the new pod reads the same data (same sha256)', fr: 'le nouveau pod relit les mêmes données (même sha256)' }), readBack === written, `written ${written.slice(0, 12)}…, read ${readBack === 'absent' ? 'nothing' : `${readBack.slice(0, 12)}…`}`, g.hint({
        en: 'a container\'s own files and an emptyDir go with the pod; only a PersistentVolumeClaim mounted at /data keeps them',
        fr: 'les fichiers du conteneur et un emptyDir partent avec le pod ; seule une PersistentVolumeClaim montée sur /data les garde',
      }));
      const data = app.mounts.find((m) => m.path === '/data')?.source;
      g.measure('pod_replaced_with_data', replaced.metAt - deleted.at, 'ms', 'pod deleted → new pod Ready with the data', { sha256: written, mountedAt: data?.kind });
      // Data kept on a node's disk (hostPath) also comes back, on that node only: the lesson is the claim.
      g.check(g.t({ en: 'a PersistentVolumeClaim keeps /data', fr: 'une PersistentVolumeClaim garde /data' }), data?.kind === 'PersistentVolumeClaim', `/data: ${data?.kind ?? 'no volume'}`, g.hint({
        en: 'a volume on the node (hostPath) keeps data on that node only, and a class refuses it: mount a PersistentVolumeClaim at /data',
        fr: 'un volume du nœud (hostPath) ne garde les données que sur ce nœud, et une classe le refuse : montez une PersistentVolumeClaim sur /data',
      }));
      const claim = await g.find.claimOf(app);
      await g.expect(g.claim(claim.metadata!.name!).bound(), { within: '30s' });
    });
  },
});
