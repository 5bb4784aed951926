import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles, checkManifests } from '../../src/check/index.js';
import { redact, secretForms } from '../../src/core/redact.js';
import { secretValues } from '../../src/kube/intake.js';
import { parseManifests } from '../../src/kube/manifests.js';
import { formatCheckReport } from '../../src/cli/reporters/check-text.js';

const rulesOf = (yaml: string) => checkManifests(parseManifests(yaml, 'app.yaml')).map((f) => `${f.severity} ${f.rule}`);

const deployment = (extra = '', labels = '{app: web}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: ${labels}}
    spec:
      containers:
        - name: web
          image: kindlab/demo:1.0.0
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {httpGet: {path: /readyz, port: http}}
          livenessProbe: {httpGet: {path: /healthz, port: http}}
          resources: {requests: {cpu: 50m, memory: 32Mi}}
${extra}`;

describe('kindlab check: the course rules', () => {
  it('finds nothing to say about a manifest that follows the course', () => {
    expect(rulesOf(deployment())).toEqual([]);
    const report = checkManifests(parseManifests(readFileSync('test/fixtures/check/good/app.yaml', 'utf8'), 'good/app.yaml'));
    expect(report).toEqual([]);
  });

  it('reports each mistake of the broken example, errors first, with file and line', async () => {
    const report = await checkFiles(['test/fixtures/check/broken']);
    expect(report.findings.map((f) => f.rule)).toEqual([
      'invalid-document',
      'selector-mismatch',
      'probe-port',
      'service-selects-nothing',
      'ingress-service-port',
      'missing-key',
      'secret-not-base64',
      'single-replica',
      'unpinned-image',
      'no-readiness-probe',
      'secret-in-configmap',
      'no-requests',
    ]);
    expect(report.findings[0]!.origin).toBe('test/fixtures/check/broken/typo.yaml:8:4');
    expect(report.counts).toEqual({ error: 7, warning: 4, hint: 1 });
    expect(report.server).toEqual({ checked: false, reason: 'offline' });
  });

  it('does not call one replica a single point of failure when an autoscaler scales it', () => {
    const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 4
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}}]
`;
    const single = deployment(hpa).replace('replicas: 3', 'replicas: 1');
    expect(rulesOf(single)).toEqual([]);
    expect(rulesOf(single.replace('resources: {requests: {cpu: 50m, memory: 32Mi}}', 'resources: {}'))).toEqual(['error hpa-without-cpu-request']);
    expect(rulesOf(hpa.replace('name: web}', 'name: api}'))).toEqual([]);
  });

  it('warns about a ReadWriteOnce claim shared by several replicas, and a claim that is missing', () => {
    const withClaim = (claim: string) =>
      deployment(`      volumes: [{name: data, persistentVolumeClaim: {claimName: ${claim}}}]
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
`);
    expect(rulesOf(withClaim('data'))).toEqual(['warning shared-rwo-claim']);
    expect(rulesOf(withClaim('other'))).toEqual(['warning missing-pvc', 'warning shared-rwo-claim']);
  });

  it('speaks French when asked', () => {
    const [finding] = checkManifests(parseManifests(deployment().replace('replicas: 3', 'replicas: 1'), 'app.yaml'), 'fr');
    expect(finding?.message).toBe('1 réplique : un point de défaillance unique');
  });

  it("never prints a Secret's value, even when the API server quotes it back", async () => {
    const report = await checkFiles(['test/fixtures/check/broken']);
    const text = formatCheckReport(report, 'en') + JSON.stringify(report);
    expect(text).not.toContain('check-S3cr3t-value');
    const [secret] = parseManifests('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: check-S3cr3t-value}\n', 's.yaml');
    const quoted = `invalid value "check-S3cr3t-value" (${Buffer.from('check-S3cr3t-value').toString('base64')})`;
    // One mask everywhere: the same redaction as lab reports and diagnoses.
    expect(redact(quoted, secretForms(secretValues(secret!)))).toBe('invalid value "[redacted]" ([redacted])');
  });

  it('says exactly which request is missing', () => {
    const only = (resources: string) => checkManifests(parseManifests(deployment().replace('resources: {requests: {cpu: 50m, memory: 32Mi}}', resources), 'app.yaml')).find((f) => f.rule === 'no-requests')?.message;
    expect(only('resources: {requests: {memory: 32Mi}}')).toBe('no CPU request (memory is requested)');
    expect(only('resources: {requests: {cpu: 50m}}')).toBe('no memory request (CPU is requested)');
    expect(only('resources: {}')).toBe('no CPU nor memory request');
  });

  it('reports a file with no object as an error naming it, not as "0 errors"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindlab-check-'));
    writeFileSync(join(dir, 'empty.yaml'), '# TODO: write the Deployment\n');
    const report = await checkFiles([dir]);
    expect(report.counts.error).toBe(1);
    expect(report.findings[0]).toMatchObject({ severity: 'error', origin: join(dir, 'empty.yaml'), message: 'no Kubernetes object in this file (it is empty or holds only comments)' });
  });

  it('says what grading would refuse: another namespace, a cluster-scoped object (offline too)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindlab-check-'));
    writeFileSync(join(dir, 'app.yaml'), `${deployment().replace('metadata: {name: web}', 'metadata: {name: web, namespace: kube-system}')}---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: me-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: me}]\n`);
    const report = await checkFiles([dir]);
    const scope = report.findings.filter((f) => f.rule === 'other-namespace' || f.rule === 'cluster-scoped');
    expect(scope.map((f) => [f.severity, f.subject, f.message])).toEqual([
      ['error', 'Deployment web', 'names namespace "kube-system": refused, it goes in the namespace kindlab gives it (remove metadata.namespace)'],
      ['error', 'ClusterRoleBinding me-admin', 'is cluster-scoped: refused (it would reach beyond the namespace kindlab gives it and every user of the cluster)'],
    ]);
    const fr = await checkFiles([dir], { lang: 'fr' });
    expect(fr.findings.find((f) => f.rule === 'cluster-scoped')?.message).toBe("est à l'échelle du cluster : refusé (il irait au-delà du namespace que kindlab lui donne, jusqu'à chaque utilisateur du cluster)");
    expect(fr.findings.find((f) => f.rule === 'other-namespace')?.message).toBe('nomme le namespace « kube-system » : refusé, il va dans le namespace que kindlab lui donne (retirez metadata.namespace)');
  });

  it('names a missing path and the fix', async () => {
    await expect(checkFiles(['no/such/file.yaml'])).rejects.toThrow('no such file or folder: no/such/file.yaml');
  });
});
