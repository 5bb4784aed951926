import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binaryOutputs, loadCatalog, parseCatalog } from '../../src/cluster/images/catalog.js';
import { nodePreload } from '../../src/cluster/images/fingerprints.js';

const real = readFileSync(new URL('../../images/catalog.yaml', import.meta.url), 'utf8');

describe('image catalog', () => {
  it('parses the project catalog and expands the Kubernetes pin', () => {
    const catalog = loadCatalog();
    expect(catalog.kubernetes).toMatch(/^v1\.\d+\.\d+$/);
    expect(catalog.images.map((i) => i.ref)).toContain(`registry.k8s.io/kube-apiserver:${catalog.kubernetes}`);
    expect(catalog.node.offline).toBe(`kindlab/node:${catalog.kubernetes}`);
    expect(catalog.binaries.kubernetes?.kind).toBe('go');
  });

  it('pins every image tag and explains every image', () => {
    for (const image of loadCatalog().images) {
      expect(image.ref).not.toMatch(/:latest$/);
      expect(image.for.length).toBeGreaterThan(10);
    }
  });

  it('pre-loads the node images and every image with a role into the offline node', () => {
    const catalog = loadCatalog();
    const preload = nodePreload(catalog).map((i) => i.ref);
    expect(preload).toContain(`registry.k8s.io/pause:${catalog.release.pause}`);
    expect(preload).toContain('docker.io/library/busybox:1.35.0');
    expect(preload).not.toContain('docker.io/kindlab/demo:1.0.0');
    // Add-ons are loaded by `kindlab up`, online and offline alike, not baked into the node.
    expect(preload).not.toContain('docker.io/library/traefik:v3.6.12');
  });

  it('pins every component by Kubernetes release, in one place', () => {
    const latest = loadCatalog(undefined, { kubernetes: 'v1.37.0' });
    expect(latest.node.upstream).toBe('kindest/node:v1.37.0@sha256:a1ed56cfb0e7b93589bdf97c8cd566405a265939e3620fc4f5de89adff580ae5');
    expect(latest.images.map((i) => i.ref)).toEqual(expect.arrayContaining(['registry.k8s.io/etcd:3.7.0-0', 'registry.k8s.io/coredns/coredns:v1.14.6', 'registry.k8s.io/pause:3.10.2', 'registry.k8s.io/kube-apiserver:v1.37.0']));
    const etcd = latest.binaries.etcd!;
    expect(etcd.kind === 'go' && etcd.go.version).toBe('v3.7.0');
    // An older minor, for a course written for it: asked by its minor.
    const older = loadCatalog(undefined, { kubernetes: 'v1.35' });
    expect(older.kubernetes).toBe('v1.35.8');
    expect(older.images.map((i) => i.ref)).toEqual(expect.arrayContaining(['registry.k8s.io/etcd:3.6.6-0', 'registry.k8s.io/coredns/coredns:v1.13.1', 'registry.k8s.io/pause:3.10.1']));
    expect(() => loadCatalog(undefined, { kubernetes: 'v1.30' })).toThrow(/Kubernetes v1\.30 is not one of the releases in .*catalog\.yaml \(v1\.37\.0, v1\.36\.4, v1\.35\.8\)/);
  });

  it('names binary outputs as go build does, with renames', () => {
    const catalog = loadCatalog();
    expect(binaryOutputs(catalog.binaries.etcd!)).toEqual(['etcd']);
    expect(binaryOutputs(catalog.binaries.kubernetes!)).toContain('kubeadm');
    expect(binaryOutputs(catalog.binaries.pause!)).toEqual(['pause']);
  });

  it('reports a YAML error with the line', () => {
    expect(() => parseCatalog('kubernetes: v1.34.0\nimages: [\n', 'cat.yaml')).toThrow(/cat\.yaml:\d+:\d+: malformed YAML/);
  });

  it('rejects an unpinned image tag, naming the field', () => {
    const broken = real.replace('docker.io/kindlab/demo:2.0.0', 'docker.io/kindlab/demo:latest');
    expect(() => parseCatalog(broken, 'cat.yaml')).toThrow(/images\[\d+\]\.ref "docker\.io\/kindlab\/demo:latest" needs a pinned tag/);
  });

  it('rejects a file that names no binary output', () => {
    const broken = real.replace('{ /coredns: coredns/coredns }', '{ /coredns: coredns/nope }');
    expect(() => parseCatalog(broken, 'cat.yaml')).toThrow(/images\[\d+\]\.files\.\/coredns "coredns\/nope" is no binary output/);
  });

  it('rejects an unknown rootfs', () => {
    const broken = real.replace('    base: slim\n', '    base: fat\n');
    expect(() => parseCatalog(broken, 'cat.yaml')).toThrow(/base names no rootfs/);
  });
});
