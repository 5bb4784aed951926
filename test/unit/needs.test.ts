import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { KubeClient } from '../../src/kube/client.js';
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
