import { describe, expect, it } from 'vitest';
import { planCluster } from '../../src/setup/plan.js';

const node = (name: string, running = true) => ({ name, running });
const three = [node('kindlab-control-plane'), node('kindlab-worker'), node('kindlab-worker2')];

describe('what `kindlab up` decides', () => {
  it('creates a cluster when there is none', () => {
    expect(planCluster({ expected: 3, nodes: [], recreate: true })).toEqual({ action: 'create', reason: 'no cluster yet' });
  });

  it('reuses a running cluster (health is checked, then waited for, before it is trusted)', () => {
    expect(planCluster({ expected: 3, nodes: three, recreate: false }).action).toBe('reuse');
  });

  it('starts stopped nodes (after Docker restarted) and names them', () => {
    expect(planCluster({ expected: 3, nodes: [three[0]!, node('kindlab-worker', false), three[2]!], recreate: false })).toEqual({ action: 'start', reason: 'stopped nodes: kindlab-worker' });
  });

  it('recreates on --recreate, on a changed checkout, and on a half-created cluster', () => {
    expect(planCluster({ expected: 3, nodes: three, recreate: true })).toEqual({ action: 'recreate', reason: '--recreate' });
    expect(planCluster({ expected: 3, nodes: three, stale: 'kind-config.yaml changed since the cluster was created', recreate: false }).reason).toBe('kind-config.yaml changed since the cluster was created');
    expect(planCluster({ expected: 3, nodes: three.slice(0, 2), recreate: false })).toEqual({ action: 'recreate', reason: 'found 2 of 3 nodes: a half-created cluster' });
  });
});
