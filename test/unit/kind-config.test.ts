import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseKindConfig } from '../../src/setup/kind-config.js';

const real = readFileSync(new URL('../../kind-config.yaml', import.meta.url), 'utf8');

describe('kind-config.yaml', () => {
  it('describes one control plane, two workers and loopback-only port mappings', () => {
    const config = parseKindConfig(real, 'kind-config.yaml', 'kindlab');
    expect(config.nodes.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
    expect(config.hostPorts.length).toBeGreaterThanOrEqual(3);
    expect(config.hostPorts.every((p) => p.address === '127.0.0.1')).toBe(true);
    expect(config.hostPorts.map((p) => p.port)).toContain(30080);
  });

  it('reports malformed YAML with its line', () => {
    expect(() => parseKindConfig('kind: Cluster\nnodes:\n  - role: [worker\n', 'k.yaml', 'kindlab')).toThrow(/^k\.yaml:\d+:\d+: malformed YAML/);
  });

  it('insists on the kindlab cluster name', () => {
    expect(() => parseKindConfig(real.replace('name: kindlab', 'name: other'), 'k.yaml', 'kindlab')).toThrow(/name must be "kindlab"/);
  });

  it('rejects a host port mapped twice', () => {
    const twice = real.replace('hostPort: 30081', 'hostPort: 30080');
    expect(() => parseKindConfig(twice, 'k.yaml', 'kindlab')).toThrow('host port 30080 is mapped twice');
  });

  it('rejects an unknown node role', () => {
    expect(() => parseKindConfig('kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: kindlab\nnodes:\n  - role: master\n', 'k.yaml', 'kindlab')).toThrow(
      'nodes[0].role must be control-plane or worker',
    );
  });
});
