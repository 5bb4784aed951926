import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPodReady } from '../../src/kube/status.js';
import { Informer, verdictOf } from '../../src/observe/informer.js';
import { applyYaml, freshNamespace, kube } from './helpers.js';

const client = kube();

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: demo}
spec:
  replicas: 3
  selector: {matchLabels: {app: demo}}
  template:
    metadata: {labels: {app: demo}}
    spec:
      terminationGracePeriodSeconds: 2
      containers:
        - name: demo
          image: docker.io/kindlab/demo:1.0.0
          ports: [{containerPort: 8080}]
          env: [{name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}]
          readinessProbe: {httpGet: {path: /readyz, port: 8080}, periodSeconds: 1}
`;

describe('a Deployment of the demo image', () => {
  let ns: Awaited<ReturnType<typeof freshNamespace>>;
  let pods: Informer<V1Pod>;

  beforeAll(async () => {
    ns = await freshNamespace(client, 'kindlab-e2e-deploy');
    pods = new Informer<V1Pod>(client, `/api/v1/namespaces/${ns.name}/pods`, { labelSelector: 'app=demo' });
  });
  afterAll(async () => {
    pods?.stop();
    await ns?.remove();
  });

  const readyPods = (m: ReadonlyMap<string, V1Pod>) => [...m.values()].filter(isPodReady);

  it('is applied server-side and becomes Ready (watched, with a deadline)', async () => {
    const applied = await applyYaml(client, deployment, ns.name);
    expect(applied[0]?.metadata?.managedFields?.some((f) => f.manager === 'kindlab' && f.operation === 'Apply')).toBe(true);
    const result = await pods.waitFor((m) => verdictOf(readyPods(m).length === 3 ? true : `${readyPods(m).length}/3 Ready`), { what: '3 demo pods Ready', timeoutMs: 120_000 });
    // The wait ends on the watch event that showed the third pod Ready, not when it was noticed.
    expect(readyPods(pods.objects)).toHaveLength(3);
    expect(result.metAt).toBeLessThanOrEqual(Date.now());
    expect(result.elapsedMs).toBeGreaterThan(0);
  });

  it('replaces a deleted pod with a new one that becomes Ready', async () => {
    const before = readyPods(pods.objects).map((p) => p.metadata!.name!);
    const victim = before[0]!;
    const deletedAt = Date.now();
    await client.core.deleteNamespacedPod({ name: victim, namespace: ns.name });
    const result = await pods.waitFor(
      (m) => {
        const ready = readyPods(m).map((p) => p.metadata!.name!);
        const replacements = ready.filter((n) => !before.includes(n));
        if (ready.includes(victim)) return verdictOf(`${victim} still Ready`);
        return verdictOf(replacements.length >= 1 && ready.length === 3 ? true : `${ready.length}/3 Ready, ${replacements.length} replacement(s)`);
      },
      { what: `a replacement for ${victim} Ready`, timeoutMs: 120_000 },
    );
    const replacement = readyPods(pods.objects).find((p) => !before.includes(p.metadata!.name!))!;
    expect(replacement.metadata!.name).not.toBe(victim);
    expect(result.metAt).toBeGreaterThan(deletedAt);
  });
});
