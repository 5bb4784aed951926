import { randomBytes } from 'node:crypto';
import type { V1Pod } from '@kubernetes/client-node';
import { connect, type KubeClient } from '../../src/kube/client.js';

/** A fresh namespace labelled as kindlab's, deleted (without waiting) by the returned function. */
export async function freshNamespace(client: KubeClient, prefix: string): Promise<{ name: string; remove: () => Promise<void> }> {
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await client.core.createNamespace({ body: { metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'kindlab', 'kindlab.dev/test': 'e2e' } } } });
  return {
    name,
    remove: async () => {
      await client.core.deleteNamespace({ name }).catch(() => undefined);
    },
  };
}

export function kube(): KubeClient {
  return connect();
}

export const isReady = (p: V1Pod) => !p.metadata?.deletionTimestamp && (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false);
