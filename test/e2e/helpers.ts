import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { KubernetesObject } from '@kubernetes/client-node';
import { applyObjects } from '../../src/kube/apply.js';
import { connect, type KubeClient } from '../../src/kube/client.js';
import { clusterScopes, scopeManifests } from '../../src/kube/intake.js';
import { parseManifests } from '../../src/kube/manifests.js';

/** A fresh namespace labelled as kindlab's, deleted (without waiting) by the returned function. */
export async function freshNamespace(client: KubeClient, prefix: string): Promise<{ name: string; remove: () => Promise<void> }> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await client.core.createNamespace({ body: { metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'kindlab', 'kindlab.dev/test': 'e2e' } } } });
  return {
    name,
    remove: async () => {
      await client.core.deleteNamespace({ name }).catch(() => undefined);
    },
  };
}

export function kube(): KubeClient {
  return connect();
}

/** Applies YAML through kindlab's intake (namespaced objects into `namespace`), strictly. */
export async function applyYaml(client: KubeClient, yaml: string, namespace: string): Promise<KubernetesObject[]> {
  return applyObjects(client, await scopeManifests(parseManifests(yaml, 'test.yaml'), clusterScopes(client), { namespace }));
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `kindlab …` through its real command line, on the Node running the tests; never throws on an exit code. */
export function runKindlab(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  const bin = fileURLToPath(new URL('../../bin/kindlab.js', import.meta.url));
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: options.timeoutMs ?? 900_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
