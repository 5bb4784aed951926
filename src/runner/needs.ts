import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { sendJson } from '../kube/raw.js';
import type { LabNeed } from './lab.js';

/**
 * Checks, before a lab starts, that the cluster has what the lab needs, so a missing add-on is
 * one clear message rather than a lab that times out.
 */
export async function assertNeeds(client: KubeClient, lab: string, needs: LabNeed[], chaosAllowed: boolean): Promise<void> {
  for (const need of needs) {
    if (need === 'ingress') {
      const d = await client.apps.readNamespacedDeployment({ name: 'traefik', namespace: 'traefik' }).catch(() => undefined);
      if (!d || (d.status?.availableReplicas ?? 0) < 1) {
        throw new KindlabError('NEED_MISSING', `lab ${lab} needs the Ingress controller (Traefik), which is not running`, { fix: '`kindlab up` installs it' });
      }
    }
    if (need === 'metrics') {
      const answer = await sendJson(client, 'GET', '/apis/metrics.k8s.io/v1beta1/nodes').catch(() => ({ status: 0 }));
      if (answer.status !== 200) {
        throw new KindlabError('NEED_MISSING', `lab ${lab} needs metrics-server (the metrics API answers HTTP ${answer.status || 'nothing'})`, {
          fix: '`kindlab up` installs it; right after, give it a minute to collect its first metrics',
        });
      }
    }
    if (need === 'node-chaos' && !chaosAllowed) {
      throw new KindlabError('CHAOS_REFUSED', `lab ${lab} stops nodes, which kindlab only does on kind clusters`, { fix: 'run it on the kindlab cluster, or pass --allow-chaos' });
    }
  }
}
