import { describe, expect, it } from 'vitest';
import { normalizeRef } from '../../src/cluster/nodes.js';
import { nodeTemplateValues } from '../../src/cluster/images/node-image.js';
import { atPlaceholder, fillPlaceholders } from '../../src/core/template.js';
import { nodeContainers } from '../../src/cluster/nodes.js';
import type { Cmder } from '../../src/core/exec.js';
import { loadCatalog } from '../../src/cluster/images/catalog.js';

describe('image references as containerd names them', () => {
  it('adds docker.io/library for official images', () => {
    expect(normalizeRef('busybox:1.35.0')).toBe('docker.io/library/busybox:1.35.0');
  });
  it('adds docker.io for user images and keeps registries', () => {
    expect(normalizeRef('kindlab/demo:1.0.0')).toBe('docker.io/kindlab/demo:1.0.0');
    expect(normalizeRef('registry.k8s.io/pause:3.10.1')).toBe('registry.k8s.io/pause:3.10.1');
    expect(normalizeRef('localhost:5000/x')).toBe('localhost:5000/x:latest');
  });
  it('drops a digest', () => {
    expect(normalizeRef('kindest/node:v1.34.0@sha256:abc')).toBe('docker.io/kindest/node:v1.34.0');
  });
});

describe('node recipe templates', () => {
  it('fill every placeholder from the catalog roles', () => {
    const values = nodeTemplateValues(loadCatalog());
    expect(fillPlaceholders('sandbox_image = "@PAUSE_IMAGE@"', values, 'config.toml', atPlaceholder)).toBe(`sandbox_image = "registry.k8s.io/pause:${loadCatalog().release.pause}"`);
  });
  it('refuse a placeholder the catalog does not define', () => {
    expect(() => fillPlaceholders('image: @NOPE_IMAGE@', {}, 'cni.yaml', atPlaceholder)).toThrow('cni.yaml: unknown variable @NOPE_IMAGE@');
  });
});

describe('kind nodes as Docker lists them', () => {
  it('are read through the exec interface: control plane first, with their boot time', async () => {
    const calls: string[] = [];
    const fake: Cmder = async (file, args) => {
      calls.push([file, ...args].join(' '));
      const stdout =
        args[0] === 'ps'
          ? 'kindlab-worker\nkindlab-control-plane'
          : [
              { Name: '/kindlab-worker', State: { Running: false, Status: 'exited', StartedAt: '0001-01-01T00:00:00Z' }, Config: { Labels: { 'io.x-k8s.kind.role': 'worker' } } },
              { Name: '/kindlab-control-plane', State: { Running: true, Status: 'running', StartedAt: '2026-11-27T09:00:00.5Z' }, Config: { Labels: { 'io.x-k8s.kind.role': 'control-plane' } } },
            ]
              .map((c) => JSON.stringify(c))
              .join('\n');
      return { stdout, stderr: '', exitCode: 0 };
    };
    const nodes = await nodeContainers('kindlab', fake);
    expect(calls[0]).toBe('docker ps -a --filter label=io.x-k8s.kind.cluster=kindlab --format {{.Names}}');
    expect(nodes).toEqual([
      { name: 'kindlab-control-plane', role: 'control-plane', running: true, status: 'running', startedAt: Date.parse('2026-11-27T09:00:00.5Z') },
      { name: 'kindlab-worker', role: 'worker', running: false, status: 'exited', startedAt: 0 },
    ]);
  });
});
