import { KindlabError } from '../core/errors.js';
import { pollUntil } from '../core/wait.js';
import type { KubeClient } from '../kube/client.js';
import { sendJson } from '../kube/raw.js';

/**
 * One object each class policy refuses, sent as a dry run into a student namespace: the API server
 * compiles and loads a new ValidatingAdmissionPolicy and its binding a moment after they are
 * created (on a new cluster, seconds), and until then it admits what they forbid.
 */
const probes = [
  { rule: 'no-priority-class', path: 'pods', body: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kindlab-policy-probe' }, spec: { priorityClassName: 'system-node-critical', containers: [{ name: 'c', image: 'kindlab/probe' }] } } },
  { rule: 'no-external-ips', path: 'services', body: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kindlab-policy-probe' }, spec: { externalIPs: ['192.0.2.1'], ports: [{ port: 80 }] } } },
  { rule: 'ingress-needs-host', path: 'ingresses', api: '/apis/networking.k8s.io/v1', body: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'kindlab-policy-probe' }, spec: { defaultBackend: { service: { name: 'x', port: { number: 80 } } } } } },
] as const;

/** Waits until every class policy refuses what it forbids in `namespace` (a student's): `class up` returns only then. */
export async function waitPoliciesEnforced(client: KubeClient, namespace: string, timeoutMs = 60_000): Promise<void> {
  await pollUntil({ what: `the class's admission policies to refuse what they forbid in ${namespace}`, timeoutMs, everyMs: 250 }, async () => {
    const admitted: string[] = [];
    for (const probe of probes) {
      const api = 'api' in probe ? probe.api : '/api/v1';
      const answer = await sendJson(client, 'POST', `${api}/namespaces/${namespace}/${probe.path}?dryRun=All`, probe.body);
      if (answer.status < 300) admitted.push(probe.rule);
      // Refused by anything else (a quota, Pod Security) says nothing of the rule: that probe is broken.
      else if (!answer.body.includes(`kindlab class rule ${probe.rule}`)) throw new KindlabError('CLASS_PROBE', `probing class rule ${probe.rule} in ${namespace}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    }
    return admitted.length === 0 || `not in force yet: ${admitted.join(', ')}`;
  });
}
