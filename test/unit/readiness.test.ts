import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/observe/informer.js';
import { nodesReady, systemPodsReady } from '../../src/observe/cluster-readiness.js';
import { portIsFree } from '../../src/setup/ports.js';
import { createServer } from 'node:net';

const beat = new Date('2026-11-25T13:44:10Z');
const node = (name: string, ready: boolean, heartbeat = beat): V1Node => ({
  metadata: { name },
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastHeartbeatTime: heartbeat }] },
});
const pod = (name: string, ready: boolean, app?: string, startedAt = beat, nodeName = 'a'): V1Pod => ({
  metadata: { name, labels: app ? { 'k8s-app': app } : {} },
  spec: { nodeName, containers: [] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready, restartCount: 0, state: { running: { startedAt } } }],
  },
});
const map = <T extends { metadata?: { name?: string } }>(items: T[]) => new Map(items.map((i) => [i.metadata!.name!, i]));
/** true, or what is missing: how `up` shows a verdict and `doctor` reports it. */
const said = (v: Verdict<void>) => (v.met ? true : v.why);

describe('cluster readiness conditions', () => {
  it('want every expected node Ready', () => {
    expect(said(nodesReady(3)(map([node('a', true), node('b', true)]), undefined))).toBe('2/3 nodes Ready (2 registered)');
    expect(said(nodesReady(2)(map([node('a', true), node('b', true)]), undefined))).toBe(true);
  });

  it('want CoreDNS and every kube-system pod Ready', () => {
    expect(said(systemPodsReady()(map([pod('etcd', true)]), undefined))).toBe('no CoreDNS pod yet');
    expect(said(systemPodsReady()(map([pod('coredns-1', false, 'kube-dns')]), undefined))).toBe('not Ready yet: coredns-1');
    expect(said(systemPodsReady()(map([pod('coredns-1', true, 'kube-dns'), pod('etcd', true)]), undefined))).toBe(true);
  });

  it('do not trust statuses written before a node restarted (Docker restarted the nodes)', () => {
    // Node a booted at 13:44:00.6: a heartbeat at 13:44:00 (whole seconds) counts, 13:43:59 does not.
    const boots = new Map([['a', Date.parse('2026-11-25T13:44:00.600Z')]]);
    const before = new Date('2026-11-25T13:43:59Z');
    const same = new Date('2026-11-25T13:44:00Z');
    expect(said(nodesReady(1, boots)(map([node('a', true, before)]), undefined))).toBe('waiting for the kubelet of a to report after the node restarted');
    expect(said(nodesReady(1, boots)(map([node('a', true, same)]), undefined))).toBe(true);
    // Heartbeats come as strings from a watch.
    expect(said(nodesReady(1, boots)(map([node('a', true, '2026-11-25T13:44:05Z' as unknown as Date)]), undefined))).toBe(true);
    const dns = pod('coredns-1', true, 'kube-dns', before);
    expect(said(systemPodsReady(boots)(map([dns]), undefined))).toBe('not restarted yet since their node booted: coredns-1');
    expect(said(systemPodsReady(boots)(map([pod('coredns-1', true, 'kube-dns', same)]), undefined))).toBe(true);
    // A pod on a node whose boot is unknown is judged by its Ready condition alone.
    expect(said(systemPodsReady(boots)(map([pod('coredns-1', true, 'kube-dns', before, 'b')]), undefined))).toBe(true);
  });
});

describe('host ports', () => {
  it('detects a port that is taken', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    expect(await portIsFree('127.0.0.1', port)).toBe(false);
    server.close();
    await new Promise((r) => server.once('close', r));
    expect(await portIsFree('127.0.0.1', port)).toBe(true);
  });
});
