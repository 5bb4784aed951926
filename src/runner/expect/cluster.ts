import type { KubernetesObject, V1Node } from '@kubernetes/client-node';
import { nodeReadyStatus, notReadyTaints } from '../../kube/status.js';
import { met, notYet, type Expectation } from './expectation.js';

/**
 * A node Ready (and rid of the taints the node controller put on it while it was not: it takes
 * pods again, so whoever runs next finds it whole), or NotReady.
 */
export function nodeReadyIs(name: string, ready: boolean): Expectation<void> {
  return {
    resource: 'nodes',
    what: `node ${name} ${ready ? 'Ready' : 'NotReady'}`,
    evaluate: (objects) => {
      const node = objects.find((o) => o.metadata?.name === name) as V1Node | undefined;
      const status = node ? nodeReadyStatus(node) : undefined;
      if ((status === 'True') !== ready) return notYet(`Ready=${status ?? 'unknown'}`);
      const tainted = ready ? (node?.spec?.taints ?? []).filter((t) => notReadyTaints.includes(t.key)) : [];
      return tainted.length === 0 ? met(undefined) : notYet(`Ready, still tainted ${tainted.map((t) => `${t.key}:${t.effect}`).join(', ')}`);
    },
  };
}

/** An event with this reason was recorded about this object (e.g. FailedScheduling on a pod): its message. */
export function eventSeen(reason: string, objectName: string): Expectation<string> {
  return {
    resource: 'events',
    what: `event ${reason} about ${objectName}`,
    evaluate: (objects) => {
      const event = (objects as Array<KubernetesObject & { reason?: string; message?: string; involvedObject?: { name?: string } }>).find(
        (e) => e.reason === reason && e.involvedObject?.name === objectName,
      );
      return event ? met(event.message ?? '') : notYet(`no ${reason} event yet`);
    },
  };
}
