import { defineLab, type Lab, fileDigest as checksum, writeRandomFile } from 'kindlab';

async function write(lab: Lab, pod: string, path: string): Promise<string> {
  const written = await writeRandomFile(lab, pod, path);
  lab.check(`write 1 MiB to ${path}`, written.ok, written.ok ? undefined : written.error);
  return written.sha256;
}

/**
 * Pods are not persistent: what a container writes to its own filesystem is gone when it
 * restarts, an emptyDir is gone with the pod, and only a PersistentVolumeClaim keeps data across
 * pods. Checked with checksums of random data.
 */
export default defineLab({
  id: 'persistence',
  title: { fr: 'Persistance : les pods perdent leurs données, pas un PersistentVolumeClaim', en: 'Persistence: pods lose their data, a PersistentVolumeClaim does not' },
  section: 'Persistance des données (PersistentVolumeClaim)',
  duration: '60s',
  needs: [],
  async run(lab) {
    await lab.step('Data in the container and in an emptyDir do not outlive the pod', async () => {
      await lab.apply('ephemeral.yaml');
      const started = await lab.expect(lab.pods('app=scratch').ready(1), { within: '60s' });
      const pod = started.value[0]!.metadata!.name!;
      const inContainer = await write(lab, pod, '/tmp/data.bin');
      const inEmptyDir = await write(lab, pod, '/scratch/data.bin');

      const kill = await lab.killMainProcess(pod);
      const back = await lab.expect(lab.pod(pod).restartedAndReady(kill.value.restartsBefore + 1), { within: '60s' });
      lab.check('after a container restart, its own files are gone', (await checksum(lab, pod, '/tmp/data.bin')) === 'absent');
      lab.check('after a container restart, the emptyDir keeps its data', (await checksum(lab, pod, '/scratch/data.bin')) === inEmptyDir, `sha256 ${inEmptyDir.slice(0, 12)}…`);

      await lab.deletePod(pod);
      const replaced = await lab.expect(lab.pods('app=scratch').replaced(pod, [pod], 1), { within: '60s' });
      const next = replaced.value.metadata!.name!;
      lab.check('in the new pod the container file is gone', (await checksum(lab, next, '/tmp/data.bin')) === 'absent');
      lab.check('in the new pod the emptyDir is empty', (await checksum(lab, next, '/scratch/data.bin')) === 'absent');
      lab.measure('container_restart_to_ready', back.metAt - kill.at, 'ms', 'container restarted → Ready again, its own file gone, the emptyDir kept', {
        sha256InContainer: inContainer,
        sha256InEmptyDir: inEmptyDir,
      });
    });

    await lab.step('Data on a PersistentVolumeClaim survives the pod', async () => {
      await lab.apply('persistent.yaml');
      const started = await lab.expect(lab.pods('app=keeper').ready(1), { within: '90s' });
      await lab.expect(lab.claim('data').bound(), { within: '30s' });
      const pod = started.value[0]!.metadata!.name!;
      const written = await write(lab, pod, '/data/data.bin');

      const deleted = await lab.deletePod(pod);
      const replaced = await lab.expect(lab.pods('app=keeper').replaced(pod, [pod], 1), { within: '90s' });
      const next = replaced.value.metadata!.name!;
      const read = await checksum(lab, next, '/data/data.bin');
      lab.check('the new pod reads the same data (same sha256)', read === written, `written ${written.slice(0, 16)}…, read ${read.slice(0, 16)}…`);
      await lab.expect(lab.claim('data').bound(), { within: '10s', what: 'the PersistentVolumeClaim is still Bound' });
      lab.measure('pvc_recovery', replaced.metAt - deleted.at, 'ms', 'pod deleted → new pod Ready with the volume attached', {
        sha256Written: written,
        sha256Read: read,
        oldPod: pod,
        newPod: next,
        node: replaced.value.spec?.nodeName,
      });
    });
  },
});
