import { describe, expect, it } from 'vitest';
import type { KubeClient } from '../../src/kube/client.js';
import { reachApi } from '../../src/kube/reach.js';

/** A client whose listNode fails with the given socket errors, in order, then answers. */
function flakyClient(failures: string[]): { client: KubeClient; calls: () => number } {
  let calls = 0;
  const core = {
    listNode: async () => {
      const code = failures[calls++];
      if (code) throw Object.assign(new Error(`connect ${code}`), { code });
      return { items: [{ metadata: { name: 'kindlab-control-plane' } }] };
    },
  };
  return { client: { context: 'kind-kindlab', core } as unknown as KubeClient, calls: () => calls };
}

describe('reaching the API server', () => {
  it('rides out an API server that resets connections while it restarts, and says so once', async () => {
    const { client, calls } = flakyClient(['ECONNRESET', 'ECONNRESET']);
    const waits: string[] = [];
    const nodes = await reachApi(client, { patienceMs: 10_000, onWait: (r) => waits.push(r) });
    expect(nodes.map((n) => n.metadata?.name)).toEqual(['kindlab-control-plane']);
    expect(calls()).toBe(3);
    expect(waits).toEqual(['reaching the cluster (context kind-kindlab): the API server is not reachable (ECONNRESET)']);
  });

  it('fails at once when nothing listens (the cluster is stopped)', async () => {
    const { client, calls } = flakyClient(['ECONNREFUSED']);
    await expect(reachApi(client, { patienceMs: 10_000 })).rejects.toThrow('the API server is not reachable (ECONNREFUSED)');
    expect(calls()).toBe(1);
  });

  it('gives up after its patience', async () => {
    const { client, calls } = flakyClient(Array.from({ length: 100 }, () => 'ECONNRESET'));
    await expect(reachApi(client, { patienceMs: 600 })).rejects.toThrow('ECONNRESET');
    // Retried (backing off from 250 ms), then stopped long before the failures ran out.
    expect(calls()).toBeGreaterThan(1);
    expect(calls()).toBeLessThan(10);
  });
});
