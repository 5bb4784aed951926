import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFrozenKill, thawBelow } from '../../src/cluster/frozen.js';

describe('a node left frozen by its runtime (cgroup v1)', () => {
  it('thaws the frozen cgroups below the node, and only those', async () => {
    const node = mkdtempSync(join(tmpdir(), 'kindlab-freezer-'));
    const pod = join(node, 'kubelet.slice', 'pod-a', 'cri-containerd-1.scope');
    const other = join(node, 'kubelet.slice', 'pod-b');
    mkdirSync(pod, { recursive: true });
    mkdirSync(other, { recursive: true });
    writeFileSync(join(node, 'freezer.state'), 'THAWED\n');
    writeFileSync(join(pod, 'freezer.state'), 'FROZEN\n');
    writeFileSync(join(other, 'freezer.state'), 'THAWED\n');
    expect(await thawBelow(node)).toBe(1);
    expect(readFileSync(join(pod, 'freezer.state'), 'utf8')).toBe('THAWED');
    expect(await thawBelow(node)).toBe(0);
    expect(await thawBelow(join(node, 'gone'))).toBe(0);
  });

  it('knows Docker\'s answer for such a container', () => {
    expect(isFrozenKill('Error response from daemon: Could not kill running container 9bb5, cannot remove - tried to kill container, but did not receive an exit event')).toBe(true);
    expect(isFrozenKill('No such container: kindlab-worker')).toBe(false);
  });
});
