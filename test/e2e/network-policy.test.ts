import type { V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../src/core/wait.js';
import { Informer, met, notYet } from '../../src/observe/informer.js';
import { PodSampler } from '../../src/observe/pod-sampler.js';
import { probeNetworkPolicy } from '../../src/observe/policy-probe.js';
import { applyYaml, freshNamespace, kube } from './helpers.js';

const client = kube();
const demo = 'docker.io/kindlab/demo:1.0.0';

describe('NetworkPolicy on the kindlab cluster', () => {
  it('is enforced, as `kindlab doctor` measures it: a deny-all policy stops new connections within seconds', async () => {
    const result = await probeNetworkPolicy(client, { image: demo });
    expect(result).toMatchObject({ outcome: 'enforced' });
    if (result.outcome === 'enforced') expect(result.deniedAfterMs).toBeLessThan(5000);
    // The probe's namespace is deleted afterwards.
    const left = await client.core.readNamespace({ name: result.namespace }).catch(() => undefined);
    expect(left === undefined || Boolean(left.metadata?.deletionTimestamp)).toBe(true);
  });

  describe('a policy that admits the namespace\'s own pods (as a class namespace\'s does)', () => {
    let ns: Awaited<ReturnType<typeof freshNamespace>>;
    beforeAll(async () => {
      ns = await freshNamespace(client, 'kindlab-e2e-netpol');
    });
    afterAll(async () => ns?.remove());

    it('lets every connection from the namespace through', async () => {
      await applyYaml(
        client,
        `apiVersion: v1
kind: Pod
metadata: {name: server, labels: {app: server}}
spec:
  terminationGracePeriodSeconds: 0
  containers: [{name: server, image: ${demo}, ports: [{containerPort: 8080}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: same-namespace}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {}}]}]
`,
        ns.name,
      );
      const pods = new Informer<V1Pod>(client, `/api/v1/namespaces/${ns.name}/pods`);
      const server = await pods.waitFor((all) => {
        const ip = all.get(`${ns.name}/server`)?.status?.podIP;
        return ip ? met(all.get(`${ns.name}/server`)!) : notYet('no address yet');
      }, { what: 'the server pod\'s address', timeoutMs: 60_000 }).finally(() => pods.stop());
      const listeners = new Set<() => void>();
      const sampler = new PodSampler({
        client, namespace: ns.name, image: demo, url: `http://${server.value.status!.podIP}:8080/`, ratePerSecond: 20, timeoutMs: 1000,
        ...(server.value.spec?.nodeName ? { avoidNode: server.value.spec.nodeName } : {}),
        onSample: () => listeners.forEach((l) => l()),
      }).start();
      try {
        // 40 connections, the server's pod policed throughout: all answered.
        await waitFor<void>({ what: '40 connections answered', timeoutMs: 60_000 }, (progress) => {
          const check = () => (sampler.samples.length >= 40 ? progress.met(undefined) : progress.pending(`${sampler.samples.length} answered`));
          listeners.add(check);
          check();
          return () => listeners.delete(check);
        });
        const report = await sampler.stop();
        // The first ones may fail while the server starts listening; none after the first success.
        const sent = [...sampler.samples].sort((a, b) => a.at - b.at);
        const first = sent.findIndex((s) => s.ok);
        expect(first).toBeGreaterThanOrEqual(0);
        expect(sent.slice(first).filter((s) => !s.ok)).toEqual([]);
        expect(report.requests).toBeGreaterThanOrEqual(40);
      } finally {
        await sampler.stop({ abandon: true });
      }
    });
  });
});
