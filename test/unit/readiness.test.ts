import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { nodesReady, systemPodsReady } from '../../src/setup/readiness.js';
import { portIsFree } from '../../src/setup/ports.js';
import { createServer } from 'node:net';

const node = (name: string, ready: boolean): V1Node => ({ metadata: { name }, status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } });
const pod = (name: string, ready: boolean, app?: string): V1Pod => ({
  metadata: { name, labels: app ? { 'k8s-app': app } : {} },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const map = <T extends { metadata?: { name?: string } }>(items: T[]) => new Map(items.map((i) => [i.metadata!.name!, i]));

describe('cluster readiness conditions', () => {
  it('want every expected node Ready', () => {
    expect(nodesReady(3)(map([node('a', true), node('b', true)]), undefined)).toBe('2/3 nodes Ready (2 registered)');
    expect(nodesReady(2)(map([node('a', true), node('b', true)]), undefined)).toBe(true);
  });

  it('want CoreDNS and every kube-system pod Ready', () => {
    expect(systemPodsReady(map([pod('etcd', true)]), undefined)).toBe('no CoreDNS pod yet');
    expect(systemPodsReady(map([pod('coredns-1', false, 'kube-dns')]), undefined)).toBe('not Ready yet: coredns-1');
    expect(systemPodsReady(map([pod('coredns-1', true, 'kube-dns'), pod('etcd', true)]), undefined)).toBe(true);
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
