import { describe, expect, it } from 'vitest';
import { normalizeRef } from '../../src/cluster/nodes.js';
import { fillTemplate, nodeTemplateValues } from '../../src/cluster/images/node-image.js';
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
    expect(fillTemplate('sandbox_image = "@PAUSE_IMAGE@"', values)).toBe('sandbox_image = "registry.k8s.io/pause:3.10.1"');
  });
  it('refuse a placeholder the catalog does not define', () => {
    expect(() => fillTemplate('image: @NOPE_IMAGE@', {})).toThrow('@NOPE_IMAGE@');
  });
});
