import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { courseFileName, findCourseFile, readCourseFile } from '../../src/course/index.js';
import { initCourse } from '../../src/course/init.js';
import { projectRoot } from '../../src/core/paths.js';
import { course, exerciseOf } from '../course.js';

const run = promisify(execFile);
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A course written by `kindlab init`, then changed by `edit` (path → text; null deletes). */
function aCourse(edit: Record<string, string | null> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindlab-course-'));
  made.push(dir);
  initCourse({ dir, title: 'Test course', kindlabSpec: '^0.1.0' });
  for (const [path, text] of Object.entries(edit)) {
    if (text === null) rmSync(join(dir, path), { recursive: true, force: true });
    else {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  }
  // A lab added is listed after the others, as its author would (init's course lists its labs).
  const added = Object.keys(edit).filter((path) => /^labs\/[^/]+\.ts$/.test(path) && edit[path] !== null && path !== 'labs/hello.ts');
  const file = join(dir, courseFileName);
  writeFileSync(file, readFileSync(file, 'utf8').replace('  - labs/hello.ts\n', ['labs/hello.ts', ...added].map((path) => `  - ${path}\n`).join('')));
  // The course's `kindlab` is this checkout's build, as `npm install` of the package would give.
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  return dir;
}

/** `kindlab list` in a course, through the real CLI on this Node (it strips the lab files' types itself). */
async function list(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { symlinkSync, existsSync } = await import('node:fs');
  if (!existsSync(join(dir, 'node_modules', 'kindlab'))) symlinkSync(projectRoot, join(dir, 'node_modules', 'kindlab'));
  try {
    const { stdout, stderr } = await run(process.execPath, [join(projectRoot, 'bin', 'kindlab.js'), 'list', ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('a course is a folder', () => {
  it('ships its own course in the same format: 13 labs and 13 exercises, each with a solution and mistakes', () => {
    expect(course.problems).toEqual([]);
    expect(course.notes).toEqual([]);
    expect(course.labs.map((l) => l.id)).toHaveLength(13);
    expect(course.exercises).toHaveLength(13);
    for (const e of course.exercises) expect(e.mistakes.length, e.definition.id).toBeGreaterThan(0);
    expect(exerciseOf('rollback').solution).toBe(join(projectRoot, 'exercises', 'rollback', 'solution'));
    // Correct answers written otherwise than the solution sit beside the mistakes.
    expect(exerciseOf('config-and-secrets').variants).toEqual([{ name: 'env-from-projected', dir: join(projectRoot, 'exercises', 'config-and-secrets', 'variants', 'env-from-projected') }]);
    // A lab's manifests are found from the course's root.
    expect(course.labs.find((l) => l.id === 'replicas')!.manifests).toBe(join(projectRoot, 'manifests', 'replicas'));
  });

  it('is found from the current folder up, else --course, else $KINDLAB_COURSE, else the course kindlab ships', () => {
    const dir = aCourse();
    mkdirSync(join(dir, 'labs', 'deep'), { recursive: true });
    expect(findCourseFile(undefined, join(dir, 'labs', 'deep'), {})).toBe(join(dir, courseFileName));
    expect(findCourseFile(dir, '/', {})).toBe(join(dir, courseFileName));
    expect(findCourseFile(undefined, '/', { KINDLAB_COURSE: dir })).toBe(join(dir, courseFileName));
    expect(findCourseFile(undefined, '/', {})).toBe(join(projectRoot, courseFileName));
    expect(() => findCourseFile('/nonexistent-course', '/', {})).toThrow(/no such folder/);
    expect(() => findCourseFile(tmpdir(), '/', {})).toThrow(/has no kindlab\.yaml/);
  });

  it('refuses a malformed course file with one message naming the file and the line or field', () => {
    const write = (text: string) => {
      const dir = aCourse({ [courseFileName]: text });
      return join(dir, courseFileName);
    };
    expect(() => readCourseFile(write('title: x\nlabs: [a\n'))).toThrow(/kindlab\.yaml:3:1: malformed YAML/);
    expect(() => readCourseFile(write('title: x\nlab: labs\n'))).toThrow(/unknown field "lab"/);
    expect(() => readCourseFile(write('labs: labs\n'))).toThrow(/title is missing/);
    expect(() => readCourseFile(write('title: x\nlabs: nowhere\n'))).toThrow(/labs: nowhere does not exist/);
    expect(() => readCourseFile(write('title: x\nlanguages: [de]\n'))).toThrow(/languages must be a list of fr and en/);
    expect(() => readCourseFile(write('title: x\nimages: [nginx]\n'))).toThrow(/pinned tag/);
  });

  it('runs a course written by `kindlab init` as it is', { timeout: 60_000 }, async () => {
    const dir = aCourse();
    const { code, stdout, stderr } = await list(dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^hello {2}A Deployment brings a deleted pod back/);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toMatch(/"kindlab": "\^\d+\.\d+\.\d+"/);
  });

  it('packs this kindlab into the course it writes, without install scripts, with a typecheck', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindlab-course-'));
    made.push(dir);
    const files = initCourse({ dir, title: 'Packed' });
    const tarball = files.find((f) => f.startsWith('vendor/'))!;
    expect(tarball).toMatch(/^vendor\/kindlab-\d+\.\d+\.\d+\.tgz$/);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };
    expect(pkg.dependencies.kindlab).toBe(`file:${tarball}`);
    expect(pkg.scripts.typecheck).toBe('tsc -p tsconfig.json');
    expect(Object.keys(pkg.devDependencies)).toEqual(['typescript', '@types/node']);
    // npm runs a file dependency's prepare (and asks about it): the packed kindlab has none.
    const { stdout } = await run('tar', ['xzf', join(dir, tarball), '-O', 'package/package.json']);
    const packed = JSON.parse(stdout) as { scripts: Record<string, string>; files: string[] };
    expect(Object.keys(packed.scripts)).not.toContain('prepare');
    expect(packed.files).toContain('dist/src/');
    const { stdout: list } = await run('tar', ['tzf', join(dir, tarball)]);
    expect(list).toMatch(/^package\/dist\/src\/api\.d\.ts$/m);
  });

  it('orders its labs as its file lists them, and says which lab file it leaves out', { timeout: 60_000 }, async () => {
    const lab = (id: string) => `import { defineLab } from 'kindlab';\nexport default defineLab({ id: '${id}', title: '${id}', section: 's', duration: '10s', needs: [], async run() {} });\n`;
    const dir = aCourse({ 'labs/zebra.ts': lab('zebra'), 'labs/apple.ts': lab('apple') });
    writeFileSync(join(dir, 'labs', 'forgotten.ts'), lab('forgotten'));
    const { code, stdout, stderr } = await list(dir, '--json');
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Array<{ id: string }>).map((l) => l.id)).toEqual(['hello', 'zebra', 'apple']);
    expect(stderr.trim()).toBe('kindlab: labs/forgotten.ts is not in the labs list of kindlab.yaml: left out (list it where it belongs in the course)');
  });

  it('names the file and line of each broken lab, and still lists the others', { timeout: 60_000 }, async () => {
    const lab = (id: string, body = '') => `import { defineLab } from 'kindlab';\n${body}\nexport default defineLab({ id: '${id}', title: 'x', section: 's', duration: '10s', needs: [], async run() {} });\n`;
    const dir = aCourse({
      'labs/syntax.ts': 'import { defineLab } from "kindlab";\nconst broken: number = ;\n',
      'labs/throws.ts': lab('throws', "throw new Error('no config for this lab');"),
      'labs/nothing.ts': 'export const x = 1;\n',
      'labs/enum.ts': 'enum Colour { Red }\nexport default Colour;\n',
    });
    const { code, stdout, stderr } = await list(dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^hello /m);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(stderr).toMatch(/labs\/syntax\.ts:2: syntax error/);
    expect(stderr).toMatch(/labs\/throws\.ts:2: loading it threw: no config for this lab/);
    expect(stderr).toMatch(/labs\/nothing\.ts: its default export is not a lab/);
    expect(stderr).toMatch(/labs\/enum\.ts:1: syntax error: TypeScript enum is not supported/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses two labs with one id, and an exercise without a solution, by name', { timeout: 60_000 }, async () => {
    const twice = aCourse({ 'labs/again.ts': "import { defineLab } from 'kindlab';\nexport default defineLab({ id: 'hello', title: 'x', section: 's', duration: '10s', needs: [], async run() {} });\n" });
    const dup = await list(twice);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/two labs have the id "hello": labs\/hello\.ts and labs\/again\.ts/);
    expect(dup.stderr).not.toMatch(/\n\s+at /);

    const unsolved = aCourse({ 'exercises/three-replicas/solution': null });
    const { stderr } = await list(unsolved);
    expect(stderr).toMatch(/exercises\/three-replicas: no solution\/ folder/);
  });
});
