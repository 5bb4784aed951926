import { execFile } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
// Child processes (npm, npx and the kindlab they start) run on the Node running the tests.
const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}` };
const work = mkdtempSync(join(tmpdir(), 'kindlab-instructor-'));
const course = join(work, 'my-course');

/** `npx kindlab …` in the course, as its author types it. */
async function npx(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npx', ['--no-install', 'kindlab', ...args], { cwd: course, env, timeout: 900_000, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout, stderr: e.stderr };
  }
}

// Labs and an exercise the instructor adds, written against the public API only: between them
// they use every verb of issue 23 (lab.object and its waits, lab.job, lab.statefulSet,
// pods().inPhase, pod().recreated) and the exported types.
const scaleLab = `import { defineLab, type Lab } from 'kindlab';

const ready = (lab: Lab, n: number) => lab.expect(lab.deployment('web').available(n), { within: '90s' });

export default defineLab({
  id: 'scale-out',
  title: { en: 'Scaling out', fr: 'Passer à l’échelle' },
  section: 'Scaling',
  duration: '40s',
  needs: [],
  async run(lab) {
    await lab.step('one replica, then three', async () => {
      await lab.apply('web.yaml');
      await ready(lab, 1);
      const scaled = await lab.scale('web', 3);
      const three = await ready(lab, 3);
      lab.measure('scale_1_to_3', three.metAt - scaled.at, 'ms', 'scale 1 → 3: change → 3 available');
    });
  },
});
`;
const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: docker.io/kindlab/demo:1.0.0, readinessProbe: {httpGet: {path: /readyz, port: 8080}, periodSeconds: 1}}]
`;

const jobLab = `import { defineLab, type Job } from 'kindlab';

export default defineLab({
  id: 'batch-job',
  title: 'A Job runs its pods to completion, then goes',
  section: 'Jobs',
  duration: '40s',
  needs: [],
  async run(lab) {
    await lab.step('two completions, one pod at a time', async () => {
      const applied = await lab.apply('job.yaml', { COMPLETIONS: '2', TTL: '3' });
      const done = await lab.expect(lab.job('pi').complete(), { within: '2m' });
      lab.measure('job_duration', done.metAt - applied.at, 'ms', 'Job created → Complete');
      await lab.expect(lab.object<Job>('jobs.batch', 'pi').has('status.succeeded', 2), { within: '10s' });
      await lab.expect(lab.object('Job', 'pi').condition('Complete'), { within: '10s' });
      await lab.expect(lab.pods('job-name=pi').inPhase('Succeeded', 2), { within: '10s' });
    });
    await lab.step('ttlSecondsAfterFinished removes the finished Job', async () => {
      await lab.expect(lab.object('Job', 'pi').gone(), { within: '60s' });
    });
  },
});
`;
const job = `apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: \${COMPLETIONS}
  ttlSecondsAfterFinished: \${TTL}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: pi, image: docker.io/library/busybox:1.35.0, command: [sh, -c, 'echo 3.14159']}]
`;

const statefulLab = `import { defineLab, type Pod, type StatefulSet } from 'kindlab';

export default defineLab({
  id: 'stable-identity',
  title: 'A StatefulSet starts its pods in order and gives them back their names',
  section: 'StatefulSets',
  duration: '60s',
  needs: [],
  async run(lab) {
    await lab.step('db-0, db-1, db-2 become Ready one after the other', async () => {
      await lab.apply('statefulset.yaml');
      const started = await lab.expect(lab.statefulSet('db').readyInOrder(3), { within: '2m' });
      const names = started.value.map((p: Pod) => p.metadata?.name).join(' ');
      lab.check('the pods are named by their ordinal', names === 'db-0 db-1 db-2', names);
      await lab.expect(lab.statefulSet('db').where('3 replicas ready', (s: StatefulSet) => s.status?.readyReplicas === 3), { within: '30s' });
    });
    await lab.step('a deleted pod comes back under its own name', async () => {
      const before = lab.pod('db-1').get()!.metadata!.uid!;
      const deleted = await lab.deletePod('db-1');
      const back = await lab.expect(lab.pod('db-1').recreated(before), { within: '90s' });
      lab.measure('delete_to_recreated', back.metAt - deleted.at, 'ms', 'db-1 deleted → a new db-1 Ready');
      const sts = await lab.statefulSet('db').get();
      lab.check('the StatefulSet still counts 3 replicas', sts?.spec?.replicas === 3, String(sts?.spec?.replicas));
    });
  },
});
`;
const statefulSet = `apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 8080}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 3
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: app, image: docker.io/kindlab/demo:1.0.0, readinessProbe: {httpGet: {path: /readyz, port: 8080}, periodSeconds: 1}}]
`;

const configLab = `import { defineLab, type ConfigMap } from 'kindlab';

export default defineLab({
  id: 'config-reload',
  title: 'A changed ConfigMap reaches the mounted file, not the running process',
  section: 'ConfigMaps',
  duration: '60s',
  needs: [],
  async run(lab) {
    const pod = await lab.step('a pod reads settings from a mounted ConfigMap', async () => {
      await lab.apply('reader.yaml');
      const ready = await lab.expect(lab.pods('app=reader').ready(1), { within: '60s' });
      const settings = await lab.object<ConfigMap>('ConfigMap', 'settings').get();
      lab.check('the ConfigMap says mode a', settings?.data?.mode === 'a', JSON.stringify(settings?.data));
      return ready.value[0]!.metadata!.name!;
    });
    await lab.step('the ConfigMap changes: the file follows', async () => {
      const changed = await lab.setConfigMapData('settings', 'mode', 'b');
      await lab.expect(lab.object('configmaps', 'settings').has('data.mode', 'b'), { within: '10s' });
      const seen = await lab.eventually('the mounted file says b', async () => {
        const read = await lab.exec(pod, ['cat', '/etc/settings/mode']);
        return read.stdout === 'b' ? true : \`it says \${read.stdout || read.stderr}\`;
      }, { within: '90s', every: '1s' });
      lab.measure('configmap_to_file', seen.metAt - changed.at, 'ms', 'ConfigMap changed → the mounted file follows (±1 s)');
    });
  },
});
`;
const reader = `apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: a}
---
apiVersion: v1
kind: Pod
metadata: {name: reader, labels: {app: reader}}
spec:
  terminationGracePeriodSeconds: 1
  containers:
    - {name: app, image: docker.io/library/busybox:1.35.0, command: [sleep, '3600'], volumeMounts: [{name: settings, mountPath: /etc/settings}]}
  volumes: [{name: settings, configMap: {name: settings}}]
`;

const retriesExercise = `import { defineExercise } from 'kindlab';

export default defineExercise({
  id: 'job-retries',
  title: 'A Job that retries twice',
  section: 'Jobs',
  guide: 'hello',
  duration: '90s',
  needs: [],
  statement: 'Write a Job named \\\`flaky\\\` of \\\`docker.io/library/busybox:1.35.0\\\` whose command fails (\\\`exit 1\\\`), with restartPolicy Never, that retries **twice** before it gives up.',
  async grade(g) {
    const retries = g.hint('backoffLimit is how many times a Job retries a failed pod: 2 retries, 3 pods in all');
    await g.step('Your Job retries twice, then gives up', async () => {
      await g.applyStudentFiles();
      await g.expect(g.job('flaky').failures(1), { within: '60s', what: 'the first pod fails' });
      const gaveUp = await g.expect(g.job('flaky').failed('BackoffLimitExceeded'), { within: '150s', hint: retries });
      g.check('3 pods failed before the Job gave up', gaveUp.value.status?.failed === 3, \`failed: \${gaveUp.value.status?.failed}\`, retries);
      await g.expect(g.pods('job-name=flaky').inPhase('Failed', 3), { within: '10s', hint: g.hint('restartPolicy: Never makes each retry a new pod') });
    });
  },
});
`;
const flaky = (backoffLimit: number) => `apiVersion: batch/v1
kind: Job
metadata: {name: flaky}
spec:
  backoffLimit: ${backoffLimit}
  template:
    spec:
      restartPolicy: Never
      containers: [{name: flaky, image: docker.io/library/busybox:1.35.0, command: [sh, -c, 'exit 1']}]
`;

/** The course's own files: path → text. */
const added: Record<string, string> = {
  'labs/scale-out.ts': scaleLab,
  'manifests/scale-out/web.yaml': web,
  'labs/batch-job.ts': jobLab,
  'manifests/batch-job/job.yaml': job,
  'labs/stable-identity.ts': statefulLab,
  'manifests/stable-identity/statefulset.yaml': statefulSet,
  'labs/config-reload.ts': configLab,
  'manifests/config-reload/reader.yaml': reader,
  'exercises/job-retries/exercise.ts': retriesExercise,
  'exercises/job-retries/solution/job.yaml': flaky(2),
  'exercises/job-retries/mistakes/gives-up-at-once/job.yaml': flaky(0),
  'exercises/job-retries/mistakes/gives-up-at-once.json': '{"check": "3 pods failed", "hint": "backoffLimit"}\n',
  // A fixture that expects the wrong hint: course check must say WRONG, with expected vs got.
  'exercises/three-replicas/mistakes/wrong-hint.json': '{"check": "asks for 3 replicas", "hint": "a hint nobody gives"}\n',
};
const labOrder = ['hello', 'batch-job', 'stable-identity', 'config-reload', 'scale-out'];

describe('a course of your own, in its own repository', () => {
  let install: { stdout: string; stderr: string };
  beforeAll(async () => {
    // `kindlab init` packs this kindlab (dist/ is built by the test command) into the course, as an author gets it.
    await run(process.execPath, [join(root, 'bin', 'kindlab.js'), 'init', course, '--title', 'My course'], { env });
    install = await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: course, env, timeout: 300_000 });
    for (const [path, text] of Object.entries(added)) {
      mkdirSync(dirname(join(course, path)), { recursive: true });
      writeFileSync(join(course, path), text);
    }
    mkdirSync(join(course, 'exercises/three-replicas/mistakes/wrong-hint'), { recursive: true });
    cpSync(join(course, 'exercises/three-replicas/mistakes/one-replica/app.yaml'), join(course, 'exercises/three-replicas/mistakes/wrong-hint/app.yaml'));
    // The author lists the new labs and the exercise where they belong in the course.
    const file = join(course, 'kindlab.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('  - labs/hello.ts\n', labOrder.map((id) => `  - labs/${id}.ts\n`).join(''))
        .replace('  - exercises/three-replicas\n', '  - exercises/three-replicas\n  - exercises/job-retries\n'),
    );
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs what init wrote with no warning, and typechecks its labs, catching a misspelt verb', { timeout: 120_000 }, async () => {
    expect(install.stderr).toBe('');
    const checked = await run('npm', ['run', 'typecheck', '--silent'], { cwd: course, env });
    expect(checked.stdout + checked.stderr).toBe('');
    const lab = join(course, 'labs', 'batch-job.ts');
    const text = readFileSync(lab, 'utf8');
    try {
      writeFileSync(lab, text.replace("lab.job('pi').complete()", "lab.job('pi').completed()"));
      const misspelt = await run('npm', ['run', 'typecheck', '--silent'], { cwd: course, env }).then(() => ({ stdout: 'passed' }), (error: { stdout: string }) => error);
      expect(misspelt.stdout).toMatch(/labs\/batch-job\.ts\(\d+,\d+\): error TS2551: Property 'completed' does not exist on type 'JobQueries'\. Did you mean 'complete'\?/);
    } finally {
      writeFileSync(lab, text);
    }
  });

  it('runs its labs in the course\'s order, the new ones included, with no build step', { timeout: 600_000 }, async () => {
    const { code, stdout, stderr } = await npx('run', '--all', '--json');
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as { labs: Array<{ id: string; status: string; measurements: Array<{ name: string; value: number }> }> };
    expect(report.labs.map((l) => [l.id, l.status])).toEqual(labOrder.map((id) => [id, 'passed']));
    const measured = (lab: string, name: string) => report.labs.find((l) => l.id === lab)!.measurements.find((m) => m.name === name)!.value;
    expect(measured('scale-out', 'scale_1_to_3')).toBeGreaterThan(0);
    expect(measured('batch-job', 'job_duration')).toBeGreaterThan(0);
    expect(measured('stable-identity', 'delete_to_recreated')).toBeGreaterThan(0);
    expect(measured('config-reload', 'configmap_to_file')).toBeGreaterThan(0);
  });

  it('says what a Job wait last saw when it times out', { timeout: 300_000 }, async () => {
    // The Job of 2 completions, kept a while, and a lab that waits for 4: the check's "last seen" is the Job's count.
    const lab = join(course, 'labs', 'batch-job.ts');
    const text = readFileSync(lab, 'utf8');
    try {
      writeFileSync(lab, text.replace("TTL: '3'", "TTL: '60'").replace("has('status.succeeded', 2), { within: '10s' }", "has('status.succeeded', 4), { within: '3s' }"));
      const { code, stdout } = await npx('run', 'batch-job', '--json');
      expect(code).toBe(1);
      const checks = (JSON.parse(stdout) as { labs: Array<{ steps: Array<{ checks: Array<{ name: string; status: string; message?: string }> }> }> }).labs[0]!.steps.flatMap((s) => s.checks);
      expect(checks.find((c) => c.status === 'failed')).toMatchObject({ name: 'jobs.batch pi: status.succeeded = 4', message: expect.stringMatching(/last seen: status\.succeeded is 2$/) });
    } finally {
      writeFileSync(lab, text);
    }
  });

  it('grades the exercise: its solution passes, its mistake fails on its check with its hint', { timeout: 600_000 }, async () => {
    const solution = await npx('grade', 'three-replicas', 'exercises/three-replicas/solution');
    expect(solution.code, solution.stderr).toBe(0);
    const mistake = await npx('grade', 'three-replicas', 'exercises/three-replicas/mistakes/one-replica', '--json');
    expect(mistake.code).toBe(1);
    const checks = (JSON.parse(mistake.stdout) as { lab: { steps: Array<{ checks: Array<{ name: string; status: string; hint?: string }> }> } }).lab.steps.flatMap((s) => s.checks);
    expect(checks.find((c) => c.status === 'failed')).toMatchObject({ name: 'the Deployment asks for 3 replicas', hint: expect.stringContaining('guides/hello.en.md') });
  });

  it('runs `kindlab course check`: a table of times, and expected vs got on a WRONG row', { timeout: 900_000 }, async () => {
    const { code, stdout, stderr } = await npx('course', 'check');
    expect(code, `${stdout}\n${stderr}`).toBe(1);
    for (const id of labOrder) expect(stdout).toMatch(new RegExp(`^lab +${id} +ok `, 'm'));
    expect(stdout).toMatch(/^solution +three-replicas +ok /m);
    expect(stdout).toMatch(/^solution +job-retries +ok /m);
    expect(stdout).toMatch(/^mistake +three-replicas\/one-replica +ok /m);
    expect(stdout).toMatch(/^mistake +job-retries\/gives-up-at-once +ok /m);
    // The fixture that expects a hint nobody gives: what it expected, and what grading said instead.
    expect(stdout).toMatch(/^mistake +three-replicas\/wrong-hint +WRONG .*\n +expected: a failed check whose name has "asks for 3 replicas" and whose hint has "a hint nobody gives"\n +got: +"the Deployment asks for 3 replicas" failed \(replicas: 1\) with hint "spec\.replicas/m);
    expect(stdout).toMatch(/9 of 10 as expected in \d+ s — 1 wrong/);
  });

  it('has `kindlab up` load the images its kindlab.yaml names, and name one it cannot get', { timeout: 600_000 }, async () => {
    const file = join(course, 'kindlab.yaml');
    const original = readFileSync(file, 'utf8');
    try {
      appendFileSync(file, 'images: [docker.io/library/busybox:1.35.0]\n');
      const present = await npx('up', '--images', 'offline');
      expect(present.code, present.stderr).toBe(0);
      writeFileSync(file, `${original}images: [docker.io/library/busybox:1.35.0, docker.io/library/nginx:1.27.4]\n`);
      const absent = await npx('up', '--images', 'offline');
      expect(absent.code).toBe(1);
      expect(absent.stderr).toMatch(/the course's image docker\.io\/library\/nginx:1\.27\.4 is not in Docker, and no registry gives it here/);
      expect(absent.stderr).toMatch(/kindlab images import FILE/);
      expect(absent.stderr).not.toMatch(/\n\s+at /);
      // The doctor says so before any lab waits on it; the image the course got is loaded in every node.
      const doctor = await npx('doctor', '--json');
      const checks = (JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks;
      expect(checks.find((c) => c.id === 'images')?.detail).toMatch(/not in Docker: [^\n]*docker\.io\/library\/nginx:1\.27\.4/);
      expect(checks.find((c) => c.id === 'images-loaded')?.detail).toMatch(/missing: docker\.io\/library\/nginx:1\.27\.4 on kindlab-control-plane/);
    } finally {
      writeFileSync(file, original);
    }
  });
});
