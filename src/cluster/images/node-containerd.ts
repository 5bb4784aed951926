import { KindlabError } from '../../core/errors.js';
import { retry } from '../../core/retry.js';
import { docker, saveInto } from '../docker.js';
import { normalizeRef } from '../nodes.js';

/**
 * A node image opened as a plain container with its containerd running, so images can be
 * imported into it (pinned, not unpacked: they unpack on the node's /var volume at run time), then
 * committed back as an image. Both the node build and the baking of lab images go through it.
 */
export class NodeImageContainer {
  private constructor(readonly name: string) {}

  static async open(image: string, purpose: string): Promise<NodeImageContainer> {
    const name = `kindlab-node-${purpose}-${process.pid}`;
    await docker(['rm', '-f', name], { allowFailure: true });
    await docker(['run', '-d', '--name', name, '--privileged', '--entrypoint', 'sleep', image, 'infinity']);
    const container = new NodeImageContainer(name);
    try {
      await docker(['exec', name, 'bash', '-c', 'nohup containerd >/var/log/containerd-preload.log 2>&1 &']);
      await retry(() => docker(['exec', name, 'ctr', 'version'], { timeoutMs: 10_000 }), { patienceMs: 20_000 }).catch(async (cause: unknown) => {
        const log = await docker(['exec', name, 'tail', '-20', '/var/log/containerd-preload.log'], { allowFailure: true });
        throw new KindlabError('NODE_BUILD_FAILED', `containerd did not start in the node image container:\n${log}`, { cause });
      });
    } catch (error) {
      await container.remove();
      throw error;
    }
    return container;
  }

  /** Imports images from Docker into the node's containerd and checks that each one is listed. */
  async importImages(refs: readonly string[]): Promise<void> {
    if (refs.length === 0) return;
    await saveInto(refs, {
      file: 'docker',
      args: ['exec', '-i', this.name, 'ctr', '--namespace=k8s.io', 'images', 'import', '--label=io.cri-containerd.pinned=pinned', '--all-platforms', '--no-unpack', '--digests', '-'],
    });
    const listed = new Set((await docker(['exec', this.name, 'ctr', '--namespace=k8s.io', 'images', 'list', '--quiet'])).split('\n'));
    const missing = refs.filter((ref) => !listed.has(ref) && !listed.has(normalizeRef(ref)));
    if (missing.length > 0) throw new KindlabError('NODE_BUILD_FAILED', `images missing in the node after the import: ${missing.join(', ')}`);
  }

  /** Stops containerd cleanly (its metadata database complete) and commits the container as `ref`. */
  async commit(ref: string, changes: readonly string[]): Promise<void> {
    await docker(['exec', this.name, 'bash', '-c', stopContainerd]);
    await docker(['commit', ...changes.flatMap((c) => ['--change', c]), this.name, ref], { timeoutMs: 20 * 60_000 });
  }

  async remove(): Promise<void> {
    await docker(['rm', '-f', this.name], { allowFailure: true });
  }
}

// `sleep` (PID 1 here) does not reap, so a stopped containerd lingers as a zombie: wait for that state, not for the PID.
const stopContainerd = `pkill -x containerd
for _ in $(seq 100); do
  alive=0
  for pid in $(pgrep -x containerd); do [ "$(awk '{print $3}' /proc/$pid/stat)" = Z ] || alive=1; done
  [ $alive = 0 ] && exit 0
  sleep 0.1
done
echo "containerd did not stop within 10 s" >&2; exit 1`;
