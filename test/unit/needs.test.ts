import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { KubeClient } from '../../src/kube/client.js';
import { relayed } from '../../src/observe/pod-client.js';
import { ClusterFacts, entryPointVerdict } from '../../src/runner/needs.js';

/** A cluster as its API answers the two questions asked here: nodes, control-plane pods. */
function cluster(nodes: V1Node[], controlPlanePods: V1Pod[]): KubeClient {
  return {
    server: 'https://127.0.0.1:6443',
    context: 'test',
    core: { listNode: async () => ({ items: nodes }), listNamespacedPod: async () => ({ items: controlPlanePods }) },
  } as unknown as KubeClient;
}
const node = (name: string, taint = false): V1Node => ({ metadata: { name }, spec: taint ? { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] } : {} });
const apiserver: V1Pod = { metadata: { name: 'kube-apiserver-x', labels: { tier: 'control-plane' } } };

describe('what a lab needs of the cluster, checked before it starts', () => {
  it('refuses a lab that spreads over two workers on a one-node cluster, with the numbers', async () => {
    const facts = new ClusterFacts(cluster([node('solo', true)], [apiserver]), true);
    await expect(facts.assertNeeds('replicas', ['two-workers'])).rejects.toThrow('lab replicas needs two nodes that take ordinary pods: this cluster has 0');
    await expect(new ClusterFacts(cluster([node('cp', true), node('w1'), node('w2')], [apiserver]), true).assertNeeds('replicas', ['two-workers'])).resolves.toBeUndefined();
  });

  it('refuses the control-plane lab where the control plane is hidden (a managed cluster)', async () => {
    await expect(new ClusterFacts(cluster([node('w1')], []), true).assertNeeds('control-plane', ['control-plane'])).rejects.toThrow(/needs a control plane it can see: no kube-system pod has the label tier=control-plane/);
    await expect(new ClusterFacts(cluster([node('w1')], [apiserver]), true).assertNeeds('control-plane', ['control-plane'])).resolves.toBeUndefined();
  });

  it('refuses to stop nodes where chaos is not allowed', async () => {
    await expect(new ClusterFacts(cluster([], []), false).assertNeeds('redundancy', ['node-chaos'])).rejects.toThrow('lab redundancy needs to stop nodes: kindlab only does that on kind clusters');
  });
});

describe('HTTP entry points on 127.0.0.1', () => {
  const server = new URL('https://127.0.0.1:41234');
  it('reach this cluster only when its node publishes them', () => {
    expect(entryPointVerdict(server, 'kind-kindlab', 'kindlab', 'kindlab')).toBe(true);
    expect(entryPointVerdict(server, 'kind-other', 'other', 'kindlab')).toBe('127.0.0.1:30080 leads to the kind cluster "kindlab", not to "other" (context kind-other)');
    expect(entryPointVerdict(server, 'kind-other', 'other', undefined)).toBe('kind cluster "other" publishes no port 30080 on 127.0.0.1');
    expect(entryPointVerdict(new URL('https://k8s.example.org:6443'), 'class', undefined, 'kindlab')).toContain('is not a kind cluster on this machine');
  });
});

describe('where the host\'s ports do not lead to the cluster, labs send from a pod inside it', () => {
  const remote = { ...cluster([node('w1')], [apiserver]), server: 'https://k8s.example.org:6443' } as KubeClient;

  it('takes the in-cluster route, saying why, and no longer refuses a lab that sends traffic', async () => {
    const facts = new ClusterFacts(remote, false);
    await expect(facts.entryRoute()).resolves.toEqual({ via: 'cluster', why: 'the API server k8s.example.org:6443 is not a kind cluster on this machine, so its Services are not published on 127.0.0.1' });
    await expect(facts.assertNeeds('rolling-update', ['traffic'])).resolves.toBeUndefined();
  });

  it('still refuses a student the Ingress port it cannot reach (their rights stop at their namespace)', async () => {
    await expect(new ClusterFacts(remote, false, 'kl-s01').assertNeeds('ingress', ['ingress'])).rejects.toThrow(/lab ingress needs the Ingress entry point on 127\.0\.0\.1/);
  });
});

describe('one GET relayed by the client pod', () => {
  it('reads its answer as the host\'s, and its errors and the API server\'s refusals as status 0 with a reason', () => {
    expect(relayed(JSON.stringify({ url: 'http://10.0.0.1:30080/', status: 404, headers: { 'x-pod': 'p1', bad: 3 }, body: 'no' }), 12)).toEqual({ status: 404, headers: { 'x-pod': 'p1' }, body: 'no', latencyMs: 12 });
    expect(relayed(JSON.stringify({ url: 'u', error: 'ECONNREFUSED' }), 5)).toEqual({ status: 0, headers: {}, body: '', latencyMs: 5, error: 'ECONNREFUSED' });
    expect(relayed(JSON.stringify({ kind: 'Status', status: 'Failure', message: 'error trying to reach service: dial tcp 10.244.1.5:8080: connect: connection refused', code: 503 }), 5).error).toMatch(/error trying to reach service/);
    expect(relayed('<html>bad gateway</html>', 5).error).toBe('the client pod answered <html>bad gateway</html>');
  });
});
