import { readFileSync } from 'node:fs';
import type { V1DaemonSet } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/cluster/images/catalog.js';
import { nodePreload } from '../../src/cluster/images/fingerprints.js';
import { fillPlaceholders } from '../../src/core/template.js';
import { enforcementCause, type EnforcementFacts } from '../../src/doctor/network-policy.js';
import { parseManifests } from '../../src/kube/manifests.js';
import { addons, addonsFor, unneededRoles } from '../../src/observe/addons.js';
import { daemonSetRolloutProgress } from '../../src/observe/conditions.js';
import { denialOf, denyAllIngress, pendingDenial } from '../../src/observe/policy-probe.js';
import type { Sample } from '../../src/observe/sampler.js';
import { addonVariables } from '../../src/setup/addons.js';

const ok = (at: number): Sample => ({ at, latencyMs: 2, ok: true, status: 200 });
const dropped = (at: number): Sample => ({ at, latencyMs: 1000, ok: false, error: 'timeout' });

describe('the NetworkPolicy probe', () => {
  it('finds the first connection denied after the policy, once three in a row failed', () => {
    const samples = [ok(900), ok(1010), ok(1060), dropped(1110), dropped(1160), dropped(1210)];
    expect(denialOf(samples, 1000)?.at).toBe(1110);
    expect(denialOf(samples.slice(0, 5), 1000)).toBeUndefined();
  });

  it('orders by send time: a late answer does not hide a success sent after a failure', () => {
    // Answers arrive out of order (a dropped connection reports after its timeout).
    const samples = [ok(1010), dropped(1060), ok(1110), dropped(1160), dropped(1210), dropped(1260)];
    expect(denialOf(samples, 1000)?.at).toBe(1160);
  });

  it('ignores failures from before the policy', () => {
    expect(denialOf([dropped(900), dropped(950), dropped(990)], 1000)).toBeUndefined();
  });

  it('says what it sees while waiting', () => {
    expect(pendingDenial([], 1000)).toBe('no connection answered since the policy was created');
    expect(pendingDenial([ok(1050), ok(1300), dropped(1350)], 1000)).toBe('2 of 3 connections since the policy passed, the last one sent 300 ms after it');
    expect(pendingDenial([dropped(1050)], 1000)).toBe('1 connections failed since the policy, not yet 3 in a row');
  });

  it('denies all ingress to every pod of its namespace', () => {
    expect(denyAllIngress('ns')).toMatchObject({ kind: 'NetworkPolicy', metadata: { namespace: 'ns' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } });
  });
});

describe('the NetworkPolicy add-on', () => {
  it('is installed only where the pod network is node-net: kind\'s kindnet enforces by itself', () => {
    expect(addonsFor('node-net').map((a) => a.name)).toEqual(['traefik', 'metrics-server', 'netpol']);
    expect(addonsFor('kindnet').map((a) => a.name)).toEqual(['traefik', 'metrics-server']);
    expect(unneededRoles('kindnet')).toEqual(['network-policy']);
    expect(unneededRoles('node-net')).toEqual([]);
  });

  it('has its image in the catalog, loaded by `up` (not baked into the node image)', () => {
    const catalog = loadCatalog();
    const image = catalog.images.find((i) => i.role === 'network-policy')!;
    expect(image).toMatchObject({ ref: 'docker.io/kindlab/netpol:0.1.0', scope: 'cluster', entrypoint: ['/bin/netpol'] });
    expect(catalog.binaries.netpol).toMatchObject({ kind: 'source', source: 'images/recipes/netpol' });
    expect(nodePreload(catalog).map((i) => i.ref)).not.toContain(image.ref);
  });

  it('pins kube-network-policies in its Go module', () => {
    expect(readFileSync(new URL('../../images/recipes/netpol/go.mod', import.meta.url), 'utf8')).toMatch(/sigs\.k8s\.io\/kube-network-policies v1\.1\.1\n/);
  });

  it('renders its manifest: a DaemonSet on the node network with NET_ADMIN, on every node', () => {
    const addon = addons.find((a) => a.name === 'netpol')!;
    const vars = addonVariables({ catalog: loadCatalog(), cluster: 'kindlab', builds: new Map([['docker.io/kindlab/netpol:0.1.0', 'f1ngerpr1nt']]) });
    const text = fillPlaceholders(readFileSync(addon.file, 'utf8'), vars, addon.file);
    const daemonSet = parseManifests(text, addon.file).map((m) => m.object).find((o) => o.kind === 'DaemonSet') as V1DaemonSet;
    expect(daemonSet.metadata?.name).toBe(addon.workload.name);
    const pod = daemonSet.spec!.template.spec!;
    expect(pod.hostNetwork).toBe(true);
    // A rebuilt agent under the same tag changes the template, so the pods roll.
    expect(daemonSet.spec!.template.metadata?.annotations?.['kindlab.dev/build']).toBe('f1ngerpr1nt');
    expect(pod.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(pod.containers[0]!.image).toBe('docker.io/kindlab/netpol:0.1.0');
    expect(pod.containers[0]!.securityContext?.capabilities?.add).toEqual(['NET_ADMIN']);
    // On a restarted node it starts before kube-proxy has rules for the service address.
    expect(pod.containers[0]!.env).toEqual(expect.arrayContaining([{ name: 'KUBERNETES_SERVICE_HOST', value: 'kindlab-control-plane' }, { name: 'KUBERNETES_SERVICE_PORT', value: '6443' }]));
  });

  it('is rolled out once every node runs the latest spec, available', () => {
    const ds = (status: Partial<NonNullable<V1DaemonSet['status']>>, generation = 1): V1DaemonSet => ({
      metadata: { generation },
      status: { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 3, observedGeneration: 1, ...status },
    });
    expect(daemonSetRolloutProgress(undefined)).toBe('daemonset not found');
    expect(daemonSetRolloutProgress(ds({}, 2))).toBe('the controller has not seen the latest spec yet');
    expect(daemonSetRolloutProgress(ds({ updatedNumberScheduled: 2, numberAvailable: 3 }))).toBe('2/3 pods updated');
    expect(daemonSetRolloutProgress(ds({ updatedNumberScheduled: 3, numberAvailable: 1 }))).toBe('1/3 pods available');
    expect(daemonSetRolloutProgress(ds({ updatedNumberScheduled: 3, numberAvailable: 3 }))).toBe(true);
  });
});

describe('why NetworkPolicy is not enforced', () => {
  const facts = (f: Partial<EnforcementFacts>): EnforcementFacts => ({ podNetwork: 'node-net', agentProblems: [], agentSays: undefined, kernel: { nftQueue: false, xtNfqueue: true }, ...f });

  it('kind\'s kindnet on a kernel without nftables\' queue: names the module, and the offline image', () => {
    const cause = enforcementCause(facts({ podNetwork: 'kindnet' }));
    expect(cause.why).toContain('CONFIG_NFT_QUEUE');
    expect(cause.fix).toContain('kindlab up --images offline --recreate');
  });

  it('kindlab\'s agent missing or not available: `kindlab up`', () => {
    const cause = enforcementCause(facts({ agentProblems: ['netpol: not installed'] }));
    expect(cause).toEqual({ why: 'kindlab\'s NetworkPolicy agent: netpol: not installed', fix: '`kindlab up` (installs it and waits for it)' });
  });

  it('kindlab\'s agent refused by the kernel: repeats what it says, names the kernel pieces', () => {
    const cause = enforcementCause(facts({ agentSays: 'NOT enforcing NetworkPolicy on node w: installing table: operation not supported' }));
    expect(cause.why).toContain('operation not supported');
    expect(cause.fix).toContain('xt_NFQUEUE');
  });

  it('another CNI: says it does not enforce', () => {
    expect(enforcementCause(facts({ podNetwork: undefined })).fix).toContain('Calico');
  });
});
