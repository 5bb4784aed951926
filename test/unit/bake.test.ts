import { describe, expect, it } from 'vitest';
import { formatBaked, parseBaked } from '../../src/cluster/images/bake.js';

describe('the label that lists the images baked into the node image', () => {
  it('reads back what it wrote, in one order whatever the order given', () => {
    const images = new Map([
      ['registry.k8s.io/metrics-server/metrics-server:v0.9.0', 'sha256:a436'],
      ['docker.io/kindlab/demo:1.0.0', 'sha256:4aff'],
    ]);
    const label = formatBaked(images);
    expect(label).toBe('docker.io/kindlab/demo:1.0.0=sha256:4aff registry.k8s.io/metrics-server/metrics-server:v0.9.0=sha256:a436');
    expect(parseBaked(label)).toEqual(images);
  });

  it('takes a missing or damaged label as nothing baked, so everything is baked again', () => {
    expect(parseBaked(undefined).size).toBe(0);
    expect(parseBaked('  no-equals-sign =sha256:1 ref= ').size).toBe(0);
  });
});
