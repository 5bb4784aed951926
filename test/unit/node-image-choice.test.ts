import { describe, expect, it } from 'vitest';
import { chooseNodeImage, type NodeImageSources } from '../../src/setup/images.js';

const node = { upstream: 'kindest/node:v1.37.0@sha256:a1ed', offline: 'kindlab/node:v1.37.0' };

/** Docker with these images, a registry that answers or not, a builder that records its builds. */
function sources(present: Record<string, string>, registry: 'reachable' | 'unreachable') {
  const calls: string[] = [];
  const fake: NodeImageSources = {
    present: async (ref) => present[ref],
    pull: async (ref) => {
      calls.push(`pull ${ref}`);
      return registry === 'reachable';
    },
    fingerprint: async () => 'fp-now',
    build: async () => {
      calls.push('build');
      return { ref: node.offline, outcome: 'built' };
    },
  };
  return { fake, calls };
}
const v2 = { cgroupVersion: '2', kubernetes: 'v1.37.0' };
const v1 = { cgroupVersion: '1', kubernetes: 'v1.37.0' };
const lines: string[] = [];
const say = (l: string) => lines.push(l);

describe('choosing the node image (online path, offline fallback)', () => {
  it('tries to pull, then builds, when no registry answers', async () => {
    const { fake, calls } = sources({}, 'unreachable');
    expect(await chooseNodeImage(node, 'auto', v2, fake, say)).toEqual({ ref: node.offline, source: 'offline', outcome: 'built' });
    expect(calls).toEqual([`pull ${node.upstream}`, 'build']);
  });

  it('pulls kind\'s published image by digest when the registry answers', async () => {
    const { fake, calls } = sources({}, 'reachable');
    expect(await chooseNodeImage(node, 'auto', v2, fake, say)).toEqual({ ref: node.upstream, source: 'upstream', outcome: 'pulled' });
    expect(calls).toEqual([`pull ${node.upstream}`]);
  });

  it('uses an image already here without asking any registry', async () => {
    const upstream = sources({ [node.upstream]: '' }, 'unreachable');
    expect((await chooseNodeImage(node, 'auto', v2, upstream.fake, say)).outcome).toBe('present');
    const offline = sources({ [node.offline]: 'fp-now' }, 'unreachable');
    expect(await chooseNodeImage(node, 'auto', v2, offline.fake, say)).toEqual({ ref: node.offline, source: 'offline', outcome: 'cached' });
    expect([...upstream.calls, ...offline.calls]).toEqual([]);
  });

  it('never uses kind\'s 1.35+ images on a cgroup v1 host: builds, or says why with --images online', async () => {
    const { fake, calls } = sources({ [node.upstream]: '' }, 'reachable');
    expect((await chooseNodeImage(node, 'auto', v1, fake, say)).source).toBe('offline');
    expect(calls).toEqual(['build']);
    expect(lines.at(-1)).toContain('do not run on cgroup v1 hosts');
    await expect(chooseNodeImage(node, 'online', v1, fake, say)).rejects.toThrow("kind's published node images for Kubernetes 1.35 and later do not run on cgroup v1 hosts");
    expect((await chooseNodeImage(node, 'auto', { cgroupVersion: '1', kubernetes: 'v1.34.11' }, fake, say)).source).toBe('upstream');
  });

  it('never pulls with --images offline', async () => {
    const { fake, calls } = sources({}, 'reachable');
    expect((await chooseNodeImage(node, 'offline', v2, fake, say)).source).toBe('offline');
    expect(calls).toEqual(['build']);
  });
});
