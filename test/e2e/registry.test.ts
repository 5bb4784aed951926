import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { V1Deployment } from '@kubernetes/client-node';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/kube/client.js';
import { Informer, verdictOf } from '../../src/observe/informer.js';
import { docker } from '../../src/cluster/docker.js';
import { ensureKind } from '../../src/cluster/kind.js';
import { nodeContainers } from '../../src/cluster/nodes.js';
import { registryContainer } from '../../src/cluster/registry.js';
import type { RunResult } from '../../src/runner/index.js';
import { readClusterRecord } from '../../src/setup/cluster-record.js';
import { catalogFor } from '../../src/setup/release.js';

const run = promisify(execFile);
const second = 'kindlab-second';
const port = 5001;
const kindlab = (args: string[], env: NodeJS.ProcessEnv = {}) => run('node', ['bin/kindlab.js', ...args], { timeout: 900_000, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, ...env } });

/**
 * kind's "local registry" recipe, with kindlab's own registry: images pushed through 127.0.0.1, a
 * second kind cluster (one node) whose containerd pulls localhost:5001/… from the registry container
 * on the kind network.
 */
const secondConfig = `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
name: ${second}
networking:
  apiServerAddress: 127.0.0.1
containerdConfigPatches:
  - |-
    [plugins."io.containerd.grpc.v1.cri".registry]
      config_path = "/etc/containerd/certs.d"
kubeadmConfigPatches:
  - |
    kind: KubeletConfiguration
    failCgroupV1: false
`;

describe('kindlab on a cluster that is not kindlab\'s, fed from a registry', () => {
  afterAll(async () => {
    const kind = await ensureKind(catalogFor().kind);
    await run(kind.path, ['delete', 'cluster', '--name', second]).catch(() => undefined);
    await docker(['rm', '-f', registryContainer], { allowFailure: true });
  }, 300_000);

  it('refuses up front what the cluster cannot give, then runs there the labs that fit one node', { timeout: 1_200_000 }, async () => {
    const kind = await ensureKind(catalogFor().kind);
    const nodeImage = readClusterRecord('kindlab')?.nodeImage ?? catalogFor().node.offline;
    await run(kind.path, ['delete', 'cluster', '--name', second]).catch(() => undefined);
    const dir = mkdtempSync(join(tmpdir(), 'kindlab-second-'));
    writeFileSync(join(dir, 'kind.yaml'), secondConfig);
    await run(kind.path, ['create', 'cluster', '--config', join(dir, 'kind.yaml'), '--image', nodeImage, '--wait', '3m'], { timeout: 600_000 });
    const options = ['--context', `kind-${second}`, '--allow-other-context'];
    // kind's --wait covers the control plane; the storage provisioner comes a moment later.
    const storage = new Informer<V1Deployment>(connect({ context: `kind-${second}`, allowOtherContext: true }), '/apis/apps/v1/namespaces/local-path-storage/deployments');
    try {
      await storage.waitFor((all) => verdictOf([...all.values()].some((d) => (d.status?.availableReplicas ?? 0) > 0) ? true : 'not available yet'), { what: 'the storage provisioner available', timeoutMs: 180_000 });
    } finally {
      storage.stop();
    }

    // kindlab's offline node image carries the lab images (baked in by `kindlab up`): a cluster of
    // any other node image lacks them, so this one is made to.
    for (const node of await nodeContainers(second)) {
      await docker(['exec', node.name, 'ctr', '--namespace=k8s.io', 'images', 'rm', 'docker.io/kindlab/demo:1.0.0', 'docker.io/kindlab/demo:2.0.0'], { allowFailure: true });
    }
    // Before the images are there: refused at once, naming the way out.
    const bare = await kindlab(['run', 'self-healing', ...options]).catch((e: { stderr: string }) => e);
    expect(bare.stderr).toMatch(/self-healing needs kindlab's images on this cluster: docker\.io\/kindlab\/demo:1\.0\.0[^\n]*not on every node/);

    await kindlab(['images', 'registry', '--port', String(port)]);
    const pushed = await kindlab(['images', 'push', `localhost:${port}`]);
    expect(pushed.stdout).toMatch(/pushed \d+ images to localhost:5001/);
    // localhost:5001 for what KINDLAB_REGISTRY renames, and the registry as docker.io's mirror for
    // the cluster's own pods: since Kubernetes 1.35 the kubelet re-pulls a preloaded image (here the
    // storage provisioner's busybox) once it has pulled the same image under another name.
    const mirror = `[host."http://${registryContainer}:5000"]\n  capabilities = ["pull", "resolve"]\n`;
    const hosts = { [`localhost:${port}`]: mirror, 'docker.io': `server = "https://registry-1.docker.io"\n\n${mirror}` };
    for (const node of await nodeContainers(second)) {
      for (const [registry, toml] of Object.entries(hosts)) {
        await docker(['exec', node.name, 'mkdir', '-p', `/etc/containerd/certs.d/${registry}`]);
        await docker(['exec', '-i', node.name, 'sh', '-c', `cat > /etc/containerd/certs.d/${registry}/hosts.toml`], { input: toml });
      }
    }

    const env = { KINDLAB_REGISTRY: `localhost:${port}` };
    const out = join(dir, 'run.json');
    // services and rolling-update send their requests to a NodePort: 127.0.0.1's lead to kindlab's
    // cluster, not this one, so they come from a pod inside it, with the same checks and figures.
    const fits = ['control-plane', 'self-healing', 'liveness-probe', 'config-and-secrets', 'vertical-scaling', 'persistence', 'services', 'rolling-update'];
    const result = await kindlab(['run', ...fits, '--concurrency', '2', '--json', '--output', out, ...options], env).then(
      () => JSON.parse(readFileSync(out, 'utf8')) as RunResult,
      (e: { stderr: string }) => {
        throw new Error(`labs failed on the second cluster:\n${e.stderr}`);
      },
    );
    expect(result.labs.map((l) => [l.id, l.status])).toEqual(fits.map((id) => [id, 'passed']));
    for (const id of ['services', 'rolling-update']) {
      const lab = result.labs.find((l) => l.id === id)!;
      expect(lab.timeline.join('\n')).toMatch(/127\.0\.0\.1:30080 leads to the kind cluster "kindlab", not to "kindlab-second"[^\n]*: the lab's requests come from a pod inside it/);
      expect(lab.timeline.join('\n')).toMatch(/start traffic: \d+ req\/s to http:\/\/<its node>:300\d\d\//);
    }
    const services = result.labs.find((l) => l.id === 'services')!.measurements;
    expect(services.find((m) => m.name === 'node_port_requests')).toMatchObject({ description: expect.stringMatching(/^requests to http:\/\/<its node>:300\d\d\/ \(NodePort\)$/), details: { failed: 0 } });
    // The same figures as through the host: none failed with probes, some without.
    const rolling = new Map(result.labs.find((l) => l.id === 'rolling-update')!.measurements.map((m) => [m.name, m.value]));
    expect(rolling.get('update_failed_requests')).toBe(0);
    expect(rolling.get('fragile_failed_requests')).toBeGreaterThan(0);

    // What needs two workers or an Ingress controller the cluster has not is refused with one message each.
    const refused = await kindlab(['run', 'replicas', 'ingress', ...options], env).catch((e: { stderr: string }) => e);
    expect(refused.stderr).toMatch(/lab replicas needs two nodes that take ordinary pods: this cluster has 1/);
    expect(refused.stderr).toMatch(/lab ingress needs the Ingress controller \(Traefik\)/);
  });
});
