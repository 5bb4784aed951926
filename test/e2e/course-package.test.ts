import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

// A lab the instructor adds, written against the public API only.
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

describe('a course of your own, in its own repository', () => {
  beforeAll(async () => {
    // The package as npm would publish it (dist/ is built by the test command), installed from its tarball.
    await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, env, timeout: 120_000 });
    const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
    await run(process.execPath, [join(root, 'bin', 'kindlab.js'), 'init', course, '--title', 'My course', '--kindlab', tarball], { env });
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: course, env, timeout: 300_000 });
    writeFileSync(join(course, 'labs', 'scale-out.ts'), scaleLab);
    mkdirSync(join(course, 'manifests', 'scale-out'), { recursive: true });
    writeFileSync(join(course, 'manifests', 'scale-out', 'web.yaml'), web);
  }, 600_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('runs its labs, the new one included, with no build step', { timeout: 600_000 }, async () => {
    const { code, stdout, stderr } = await npx('run', '--all', '--json');
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as { labs: Array<{ id: string; status: string; measurements: Array<{ name: string; value: number }> }> };
    expect(report.labs.map((l) => [l.id, l.status])).toEqual([['hello', 'passed'], ['scale-out', 'passed']]);
    expect(report.labs[1]!.measurements.find((m) => m.name === 'scale_1_to_3')!.value).toBeGreaterThan(0);
  });

  it('grades the exercise: its solution passes, its mistake fails on its check with its hint', { timeout: 600_000 }, async () => {
    const solution = await npx('grade', 'three-replicas', 'exercises/three-replicas/solution');
    expect(solution.code, solution.stderr).toBe(0);
    const mistake = await npx('grade', 'three-replicas', 'exercises/three-replicas/mistakes/one-replica', '--json');
    expect(mistake.code).toBe(1);
    const checks = (JSON.parse(mistake.stdout) as { lab: { steps: Array<{ checks: Array<{ name: string; status: string; hint?: string }> }> } }).lab.steps.flatMap((s) => s.checks);
    expect(checks.find((c) => c.status === 'failed')).toMatchObject({ name: 'the Deployment asks for 3 replicas', hint: expect.stringContaining('guides/hello.en.md') });
  });

  it('passes `kindlab course check`, with a table of times', { timeout: 900_000 }, async () => {
    const { code, stdout, stderr } = await npx('course', 'check');
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/^lab +hello +ok /m);
    expect(stdout).toMatch(/^lab +scale-out +ok /m);
    expect(stdout).toMatch(/^solution +three-replicas +ok /m);
    expect(stdout).toMatch(/^mistake +three-replicas\/one-replica +ok /m);
    expect(stdout).toMatch(/4 of 4 as expected/);
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
