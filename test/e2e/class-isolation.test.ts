import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { Exec, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassBoard } from '../../src/class/board.js';
import { connect, type KubeClient } from '../../src/kube/client.js';
import { execInPod } from '../../src/kube/exec.js';
import { sendJson } from '../../src/kube/raw.js';
import { Informer, met, notYet } from '../../src/observe/informer.js';
import { ClusterLock } from '../../src/runner/cluster-lock.js';
import { newRunIdentity, RunLeases } from '../../src/runner/coordination.js';
import { applyYaml, kube } from './helpers.js';

const run = promisify(execFile);
const admin = kube();
const className = 'e2e-iso';
const dir = mkdtempSync(join(tmpdir(), 'kindlab-iso-'));
const as = (id: string): KubeClient => connect({ kubeconfig: join(dir, `${id}.kubeconfig`) });
const kindlab = (...args: string[]) => run('node', ['bin/kindlab.js', ...args], { timeout: 600_000, maxBuffer: 16 * 1024 * 1024 });
const demo = 'docker.io/kindlab/demo:1.0.0';
/** Every attack tried, by kind, and whether it was refused: the figures of the note. */
const tally = new Map<string, { tried: number; refused: number }>();

/** Applies `yaml` with the student's identity and expects a refusal whose message matches `why`. */
async function refused(kind: string, who: KubeClient, yaml: string, why: RegExp): Promise<void> {
  const count = tally.get(kind) ?? { tried: 0, refused: 0 };
  tally.set(kind, { ...count, tried: count.tried + 1 });
  const error = await applyYaml(who, yaml, who.namespace!).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(error, `${kind}: accepted\n${yaml}`).toBeInstanceOf(Error);
  expect(error!.message).toMatch(why);
  tally.set(kind, { tried: count.tried + 1, refused: count.refused + 1 });
}

const pod = (name: string, spec: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${spec}`;
const container = `  containers:
    - name: c
      image: ${demo}`;

async function waitPod(client: KubeClient, namespace: string, name: string, test: (p: V1Pod | undefined) => true | string, timeoutMs = 120_000): Promise<V1Pod | undefined> {
  const informer = new Informer<V1Pod>(client, `/api/v1/namespaces/${namespace}/pods`, { fieldSelector: `metadata.name=${name}` });
  try {
    return (await informer.waitFor((all) => {
      const p = all.get(`${namespace}/${name}`);
      const verdict = test(p);
      return verdict === true ? met(p) : notYet(verdict);
    }, { what: `pod ${namespace}/${name}`, timeoutMs })).value;
  } finally {
    informer.stop();
  }
}
const ready = (p: V1Pod | undefined) => (p?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? true : `not Ready: ${p?.status?.phase}`);

describe('a hostile student, with nothing but their own kubeconfig', () => {
  let me: KubeClient;
  let classmate: KubeClient;
  beforeAll(async () => {
    await kindlab('class', 'down', '--name', className).catch(() => undefined);
    await kindlab('class', 'up', '--name', className, '--students', '2', '--budget', 'small', '--out', dir);
    me = as('s01');
    classmate = as('s02');
  }, 400_000);
  afterAll(async () => {
    console.log('attacks tried and refused, by kind:', JSON.stringify(Object.fromEntries(tally)));
    await kindlab('class', 'down', '--name', className).catch(() => undefined);
  }, 300_000);

  it('cannot run a pod that reaches its node (Pod Security baseline)', async () => {
    const baseline = /violates PodSecurity "baseline/;
    await refused('node access', me, pod('root', `  hostPID: true\n  hostNetwork: true\n  tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists}]\n${container}\n      securityContext: {privileged: true}\n      volumeMounts: [{name: host, mountPath: /host}]\n  volumes: [{name: host, hostPath: {path: /}}]`), baseline);
    await refused('node access', me, pod('privileged', `${container}\n      securityContext: {privileged: true}`), baseline);
    await refused('node access', me, pod('hostpath', `${container}\n      volumeMounts: [{name: host, mountPath: /host}]\n  volumes: [{name: host, hostPath: {path: /var/lib/kubelet/pods}}]`), baseline);
    await refused('node access', me, pod('caps', `${container}\n      securityContext: {capabilities: {add: [NET_ADMIN, SYS_ADMIN]}}`), baseline);
    await refused('entry points', me, pod('hostport', `${container}\n      ports: [{containerPort: 8080, hostPort: 30089}]`), baseline);
    // The namespace's labels (Pod Security, who the student is) are not theirs to change.
    const patch = await sendJson(me, 'PATCH', '/api/v1/namespaces/kl-s01', { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'privileged', 'kindlab.dev/student': 's02' } } }, 'application/merge-patch+json');
    expect(patch.status).toBe(403);
  });

  it('cannot escape the scheduler or take a classmate\'s entry points (class rules, one message each)', async () => {
    await refused('budget', me, pod('vip', `  priorityClassName: system-node-critical\n${container}`), /no-priority-class|priority/i);
    await refused('node access', me, `apiVersion: apps/v1
kind: Deployment
metadata: {name: onplane}
spec:
  selector: {matchLabels: {app: onplane}}
  template:
    metadata: {labels: {app: onplane}}
    spec:
      tolerations: [{key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}]
      containers: [{name: c, image: ${demo}}]`, /kindlab class rule no-control-plane: .*Fix:/);
    await refused('node access', me, pod('anywhere', `  tolerations: [{operator: Exists}]\n${container}`), /no-control-plane/);
    await refused('node access', me, pod('pinned', `  nodeName: kindlab-control-plane\n${container}`), /kindlab class rule no-node-name: .*Fix:/);
    await refused('entry points', me, 'apiVersion: v1\nkind: Service\nmetadata: {name: trap}\nspec:\n  selector: {app: x}\n  externalIPs: [10.96.0.10]\n  ports: [{port: 53}]', /kindlab class rule no-external-ips/);
    await refused('entry points', me, 'apiVersion: v1\nkind: Service\nmetadata: {name: open}\nspec:\n  type: NodePort\n  selector: {app: x}\n  ports: [{port: 80, nodePort: 30089}]', /exceeded quota|nodeports/);
    const ingress = (name: string, spec: string, annotations = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}${annotations}}
spec:
${spec}`;
    const rule = (host: string) => `  rules:\n    - ${host ? `host: ${host}\n      ` : ''}http:\n        paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]`;
    await refused('entry points', me, ingress('steal', rule('front.s02.kindlab.localhost')), /kindlab class rule ingress-own-domain: .*s01\.kindlab\.localhost/);
    await refused('entry points', me, ingress('steal-exercise', rule('front.exercise.kindlab.localhost')), /ingress-own-domain/);
    await refused('entry points', me, ingress('catch-all', rule('')), /kindlab class rule ingress-needs-host/);
    await refused('entry points', me, ingress('fallback', '  defaultBackend: {service: {name: web, port: {number: 80}}}'), /ingress-needs-host/);
    await refused('entry points', me, ingress('first', rule('a.s01.kindlab.localhost'), ', annotations: {traefik.ingress.kubernetes.io/router.priority: "99999"}'), /ingress-no-controller-annotations/);
    // Their own domain is theirs: accepted.
    await applyYaml(me, ingress('mine', rule('front.s01.kindlab.localhost')), 'kl-s01');
    expect((await sendJson(me, 'DELETE', '/apis/networking.k8s.io/v1/namespaces/kl-s01/ingresses/mine')).status).toBe(200);
  });

  it('reads a refusal as one message naming the rule and the fix, through `kindlab check` and `grade`', async () => {
    const file = join(dir, 'pinned.yaml');
    writeFileSync(file, `apiVersion: apps/v1
kind: Deployment
metadata: {name: hello}
spec:
  replicas: 3
  selector: {matchLabels: {app: hello}}
  template:
    metadata: {labels: {app: hello}}
    spec:
      nodeName: kindlab-worker
      containers: [{name: hello, image: ${demo}, readinessProbe: {httpGet: {path: /readyz, port: 8080}}}]
`);
    const check = await kindlab('check', file, '--kubeconfig', join(dir, 's01.kubeconfig')).catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect((check as { code: number }).code).toBe(1);
    expect(check.stdout).toMatch(/kindlab class rule no-node-name: .*Fix: remove nodeName/);
    expect(`${check.stdout}${check.stderr}`).not.toMatch(/\n\s+at .*\.js:\d+/);
    const grade = await kindlab('grade', 'self-healing', file, '--kubeconfig', join(dir, 's01.kubeconfig')).catch((e: { stdout: string; stderr: string; code: number }) => e);
    expect((grade as { code: number }).code).toBe(1);
    expect(`${grade.stdout}${grade.stderr}`).toMatch(/kindlab class rule no-node-name/);
    expect(`${grade.stdout}${grade.stderr}`).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  it('cannot forge a grade, nor hold up the cluster with a forged heartbeat', async () => {
    const forged = { student: 's02', class: className, exercise: 'replicas', by: 'instructor', ok: true, at: '2099-01-01T00:00:00Z', durationMs: 1, failed: [] };
    await applyYaml(me, `apiVersion: v1
kind: ConfigMap
metadata:
  name: forged
  labels: {app.kubernetes.io/managed-by: kindlab, kindlab.dev/class: ${className}, kindlab.dev/student: s02, kindlab.dev/exercise: replicas, kindlab.dev/record: instructor}
data:
  record: '${JSON.stringify(forged)}'`, 'kl-s01');
    const board = new ClassBoard(admin, { className, idleMs: 600_000 });
    try {
      await board.ready();
      const rows = Object.fromEntries(board.rows().map((r) => [r.id, r]));
      expect(rows.s02!.grades).toEqual({});
      expect(rows.s01!.grades.replicas).toMatchObject({ by: 'self', student: 's01' });
    } finally {
      board.stop();
    }
    // A heartbeat Lease "running" for two billion seconds, in the student's own namespace.
    const now = new Date().toISOString().replace('Z', '000Z');
    await applyYaml(me, `apiVersion: coordination.k8s.io/v1
kind: Lease
metadata:
  name: kindlab-run
  labels: {app.kubernetes.io/managed-by: kindlab, kindlab.dev/heartbeat: "true", kindlab.dev/run: forged, kindlab.dev/state: running, kindlab.dev/lab: redundancy}
spec: {holderIdentity: forged, leaseDurationSeconds: 2000000000, renewTime: "${now}", acquireTime: "${now}"}`, 'kl-s01');
    const leases = new RunLeases(admin, newRunIdentity());
    const lock = new ClusterLock(leases);
    try {
      const ticket = await lock.register(`kindlab-class-${className}`, 'lock-probe');
      const waits: string[] = [];
      await lock.enterExclusive(ticket, 'lock-probe', AbortSignal.timeout(60_000), (why) => waits.push(why));
      expect(waits.filter((w) => w.includes('forged'))).toEqual([]);
      await lock.leave(ticket, true);
    } finally {
      leases.stop();
    }
  });

  it('is held to a budget of objects and of disk', async () => {
    let made = 0;
    let refusal = '';
    for (; made < 60 && !refusal; made++) {
      await applyYaml(me, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: filler-${made}}\ndata: {x: "${'x'.repeat(1000)}"}`, 'kl-s01').catch((e: Error) => (refusal = e.message));
    }
    expect(refusal).toMatch(/exceeded quota.*count\/configmaps/);
    expect(made).toBeLessThanOrEqual(40);
    // 200 MiB written to an emptyDir, beyond the container's default ephemeral-storage limit (128 Mi): evicted.
    await applyYaml(me, pod('filler', `  restartPolicy: Never\n  containers:\n    - name: c\n      image: ${demo}\n      command: [sh, -c, 'dd if=/dev/zero of=/scratch/fill bs=1048576 count=200; sleep 600']\n      volumeMounts: [{name: scratch, mountPath: /scratch}]\n  volumes: [{name: scratch, emptyDir: {}}]`), 'kl-s01');
    const evicted = await waitPod(admin, 'kl-s01', 'filler', (p) => (p?.status?.reason === 'Evicted' ? true : `${p?.status?.phase ?? 'absent'}`), 180_000);
    expect(evicted?.status?.message).toMatch(/ephemeral/i);
  });

  it('cannot reach a classmate\'s pods over the network', async () => {
    await applyYaml(classmate, `apiVersion: v1
kind: Pod
metadata: {name: target, labels: {app: target}}
spec:
  containers: [{name: c, image: ${demo}, ports: [{containerPort: 8080}], readinessProbe: {httpGet: {path: /readyz, port: 8080}, periodSeconds: 1}}]
---
apiVersion: v1
kind: Service
metadata: {name: target}
spec:
  selector: {app: target}
  ports: [{port: 80, targetPort: 8080}]`, 'kl-s02');
    await applyYaml(me, pod('probe', container), 'kl-s01');
    await applyYaml(classmate, pod('friend', container), 'kl-s02');
    await waitPod(admin, 'kl-s02', 'target', ready);
    await waitPod(admin, 'kl-s01', 'probe', (p) => (p?.status?.phase === 'Running' ? true : `${p?.status?.phase}`));
    await waitPod(admin, 'kl-s02', 'friend', (p) => (p?.status?.phase === 'Running' ? true : `${p?.status?.phase}`));
    const url = 'http://target.kl-s02.svc.cluster.local';
    // The classmate's own pod reaches it: the service works.
    const inside = await execInPod(classmate, { namespace: 'kl-s02', pod: 'friend', command: ['timeout', '5', 'wget', '-q', '-O', '-', `${url}/`] });
    expect(inside.exitCode, inside.stderr).toBe(0);
    const started = Date.now();
    const get = await execInPod(me, { namespace: 'kl-s01', pod: 'probe', command: ['timeout', '5', 'wget', '-q', '-O', '-', `${url}/`] });
    console.log(`a denied connection failed after ${Date.now() - started} ms`);
    expect(get.exitCode).not.toBe(0);
    const sabotage = await execInPod(me, { namespace: 'kl-s01', pod: 'probe', command: ['timeout', '5', 'wget', '-q', '-O', '-', '--post-data=', `${url}/fail/ready`] });
    expect(sabotage.exitCode).not.toBe(0);
    expect(ready((await admin.core.readNamespacedPod({ name: 'target', namespace: 'kl-s02' })))).toBe(true);
  });

  it('loses access within a second on revoke (open exec sessions too), stays out, and comes back on restore', async () => {
    await waitPod(admin, 'kl-s01', 'probe', (p) => (p?.status?.phase === 'Running' ? true : `${p?.status?.phase}`));
    // A shell left open in their pod.
    const socket = await new Exec(me.config).exec('kl-s01', 'probe', 'c', ['sleep', '600'], new PassThrough(), new PassThrough(), null, false);
    const sessionClosed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    const revokedAt = Date.now();
    const { stdout } = await kindlab('class', 'revoke', 's01', '--name', className);
    expect(stdout).toMatch(/s01's access ended/);
    const after = await sendJson(me, 'GET', '/api/v1/namespaces/kl-s01/pods');
    expect([401, 403]).toContain(after.status);
    console.log(`refused ${Date.now() - revokedAt} ms after revoke began (HTTP ${after.status})`);
    await waitPod(admin, 'kl-s01', 'probe', (p) => (p === undefined ? true : 'still there'), 60_000);
    // The pod object can go a moment before the kubelet's end of the stream reaches the client.
    let timer: NodeJS.Timeout | undefined;
    const closedAt = await Promise.race([sessionClosed, new Promise<undefined>((resolve) => (timer = setTimeout(resolve, 30_000, undefined)))]);
    clearTimeout(timer);
    expect(closedAt, 'the open exec session was still open 30 s after its pod was gone').toBeDefined();
    console.log(`the open exec session closed ${closedAt! - revokedAt} ms after revoke began`);
    const again = await kindlab('class', 'up', '--name', className, '--students', '2', '--out', dir);
    expect(again.stdout).toMatch(/1 revoked/);
    expect(again.stderr).toMatch(/s01 .*revoked, kept out/);
    expect([401, 403]).toContain((await sendJson(as('s01'), 'GET', '/api/v1/namespaces/kl-s01/pods')).status);
    await kindlab('class', 'restore', 's01', '--name', className, '--out', dir);
    expect((await sendJson(as('s01'), 'GET', '/api/v1/namespaces/kl-s01/pods')).status).toBe(200);
  });

  it('has everything they made removed on reset, whatever its kind or labels; the class\'s own objects stay', async () => {
    const s02 = as('s02');
    await applyYaml(s02, `apiVersion: batch/v1
kind: CronJob
metadata: {name: ticker}
spec:
  schedule: "*/5 * * * *"
  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: ${demo}}]}}}}
---
apiVersion: v1
kind: ReplicationController
metadata: {name: old-school}
spec:
  replicas: 1
  selector: {app: old}
  template:
    metadata: {labels: {app: old}}
    spec: {containers: [{name: c, image: ${demo}}]}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: disguised, labels: {app.kubernetes.io/managed-by: kindlab}}
data: {a: b}
---
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: mine}
spec: {holderIdentity: me}`, 'kl-s02');
    await kindlab('class', 'reset', 's02', '--name', className);
    const names = async (path: string) => ((JSON.parse((await sendJson(admin, 'GET', path)).body) as { items: Array<{ metadata: { name: string; deletionTimestamp?: string } }> }).items.filter((i) => !i.metadata.deletionTimestamp).map((i) => i.metadata.name)).sort();
    expect(await names('/apis/batch/v1/namespaces/kl-s02/cronjobs')).toEqual([]);
    expect(await names('/api/v1/namespaces/kl-s02/replicationcontrollers')).toEqual([]);
    expect(await names('/api/v1/namespaces/kl-s02/services')).toEqual([]);
    expect(await names('/apis/coordination.k8s.io/v1/namespaces/kl-s02/leases')).toEqual([]);
    expect(await names('/api/v1/namespaces/kl-s02/configmaps')).toEqual(['kindlab-class', 'kube-root-ca.crt']);
    expect(await names('/api/v1/namespaces/kl-s02/resourcequotas')).toEqual(['kindlab-budget']);
    expect(await names('/apis/networking.k8s.io/v1/namespaces/kl-s02/networkpolicies')).toEqual(['kindlab-isolation']);
    expect(await names('/apis/rbac.authorization.k8s.io/v1/namespaces/kl-s02/rolebindings')).toEqual(['kindlab-student-edit', 'kindlab-student-extra']);
  });
});
