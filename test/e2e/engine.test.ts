import { describe, expect, it } from 'vitest';
import { toJUnit } from '../../src/cli/reporters/junit.js';
import { Informer } from '../../src/observe/informer.js';
import { defineLab, runLabs, type Lab, type LabDefinition } from '../../src/runner/index.js';
import { kube } from './helpers.js';

const client = kube();

/** A lab written for a test: same engine, same report, its manifests under test/fixtures/labs/intake. */
const testLab = (id: string, run: (lab: Lab) => Promise<void>, extra: Partial<LabDefinition> = {}) =>
  defineLab({ id, title: { fr: id, en: id }, section: 'test', duration: '30s', needs: [], manifests: 'test/fixtures/labs/intake', run, ...extra });

async function namespaceExists(name: string): Promise<boolean> {
  return client.core.readNamespace({ name }).then(
    () => true,
    () => false,
  );
}

describe('the lab engine, on the real cluster', () => {
  it('reports a traffic wait that passes its deadline as a failed check with a diagnosis, not as an error', async () => {
    const lab = testLab(
      'traffic-nowhere',
      async (l) => {
        const traffic = l.traffic({ rate: 10 });
        await l.step('Nobody answers on the NodePort', async () => traffic.answered(1, { within: '3s', what: 'an answer from a Service that does not exist' }));
      },
      { needs: ['traffic'] },
    );
    const result = await runLabs({ client, labs: [lab] });
    const [labResult] = result.labs;
    expect(labResult!.status).toBe('failed');
    const check = labResult!.steps[0]!.checks[0]!;
    expect(check).toMatchObject({ name: 'an answer from a Service that does not exist', status: 'failed', deadlineMs: 3000 });
    expect(check.message).toMatch(/not met within 3s; last seen: 0 of 1 answers, \d+ failed \(ECONNREFUSED|ECONNRESET/);
    expect(check.diagnosis).toBeDefined();
    const junit = toJUnit(result);
    expect(junit).toContain('<failure message="not met within 3s');
    expect(junit).not.toContain('<error');
  });

  it('stops within 2 s on Ctrl-C during a traffic wait, with its namespace gone', async () => {
    const controller = new AbortController();
    let namespace = '';
    let waiting!: () => void;
    const started = new Promise<void>((resolve) => (waiting = resolve));
    const lab = testLab(
      'traffic-interrupted',
      async (l) => {
        namespace = l.namespace;
        await l.apply('app.yaml');
        const traffic = l.traffic({ rate: 10 });
        waiting();
        await l.step('Wait for answers that never come', async () => traffic.answered(1_000_000, { within: '5m' }));
      },
      { needs: ['traffic'] },
    );
    const run = runLabs({ client, labs: [lab], signal: controller.signal });
    await started;
    await new Promise((r) => setTimeout(r, 1000));
    const interruptedAt = Date.now();
    controller.abort(new Error('interrupted by Ctrl-C'));
    const result = await run;
    const stoppedIn = Date.now() - interruptedAt;
    expect(result.labs[0]!.status).toBe('interrupted');
    expect(stoppedIn).toBeLessThan(2000);
    const gone = new Informer(client, '/api/v1/namespaces', { fieldSelector: `metadata.name=${namespace}` });
    try {
      const { verdictOf } = await import('../../src/observe/informer.js');
      await gone.waitFor((objects) => verdictOf(objects.size === 0 ? true : 'still there'), { what: `namespace ${namespace} gone`, timeoutMs: 60_000 });
    } finally {
      gone.stop();
    }
    expect(await namespaceExists(namespace)).toBe(false);
  });

  it('keeps a lab inside its namespace: another namespace, a cluster-wide binding, an empty file and a misspelt field are refused by name', async () => {
    const attempts: Record<string, string> = {};
    const lab = testLab('intake', async (l) => {
      for (const file of ['escape.yaml', 'admin.yaml', 'empty.yaml', 'typo.yaml']) {
        const started = Date.now();
        await l.apply(file).then(
          () => (attempts[file] = 'applied'),
          (e: Error) => (attempts[file] = `${e.message} (${Date.now() - started} ms)`),
        );
      }
    });
    const result = await runLabs({ client, labs: [lab] });
    expect(result.labs[0]!.status).toBe('passed');
    expect(attempts['escape.yaml']).toMatch(/escape\.yaml:2: ConfigMap kindlab-e2e-escape names namespace "kube-system": refused/);
    expect(attempts['admin.yaml']).toMatch(/admin\.yaml:2: ClusterRoleBinding kindlab-e2e-admin is cluster-scoped: refused/);
    expect(attempts['empty.yaml']).toMatch(/empty\.yaml: no Kubernetes object in this file/);
    expect(attempts['typo.yaml']).toMatch(/typo\.yaml:2\): .*unknown field "spec\.replica"|field not declared in schema/);
    for (const file of ['escape.yaml', 'admin.yaml', 'empty.yaml', 'typo.yaml']) expect(Number(/\((\d+) ms\)$/.exec(attempts[file]!)![1])).toBeLessThan(5000);
    await expect(client.core.readNamespacedConfigMap({ name: 'kindlab-e2e-escape', namespace: 'kube-system' })).rejects.toThrow();
    const { RbacAuthorizationV1Api } = await import('@kubernetes/client-node');
    await expect(client.config.makeApiClient(RbacAuthorizationV1Api).readClusterRoleBinding({ name: 'kindlab-e2e-admin' })).rejects.toThrow();
  });

  it('fails a wait on a watch that gave up with the watch\'s own error, at once', async () => {
    const informer = new Informer(client, '/apis/example.kindlab.dev/v1/namespaces/default/widgets');
    const started = Date.now();
    const { verdictOf } = await import('../../src/observe/informer.js');
    await expect(informer.waitFor(() => verdictOf('never'), { what: 'widgets', timeoutMs: 60_000 })).rejects.toThrow(/the watch of \/apis\/example\.kindlab\.dev\/v1\/namespaces\/default\/widgets stopped: .*404/);
    expect(Date.now() - started).toBeLessThan(10_000);
    informer.stop();
  });
});
