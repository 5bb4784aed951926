import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { KindlabError } from '../core/errors.js';
import type { Lang, Text } from '../core/i18n.js';
import type { ExerciseDefinition } from '../runner/exercise.js';
import type { LabDefinition } from '../runner/lab.js';
import { findCourseFile, readCourseFile, type CourseFile } from './file.js';
import { importCourseModule, type LoadProblem } from './modules.js';

/** What a mistake fixture (exercises/<id>/mistakes/<name>/) must make the grader say: mistakes/<name>.json. */
export interface ExpectedVerdict {
  /** A failed check whose name contains this… */
  check?: string;
  /** …and whose hint contains this. */
  hint?: string;
  /** Or: refused before the cluster, at this stage, with this in the message. */
  refused?: 'check' | 'intake' | 'images';
  message?: string;
}

export interface Mistake {
  name: string;
  dir: string;
  expected: ExpectedVerdict;
}

export interface CourseExercise {
  definition: ExerciseDefinition;
  dir: string;
  /** The reference solution: it passes. */
  solution: string;
  /**
   * Correct answers written otherwise than the solution, in what the statement leaves open
   * (exercises/<id>/variants/<name>/: another workload kind, short image names, envFrom…): each passes.
   */
  variants: Array<{ name: string; dir: string }>;
  /** Typical mistakes: each one fails as its .json says. */
  mistakes: Mistake[];
}

/** A course, loaded: its labs and exercises in order, and the files that could not be loaded. */
export interface Course {
  file: string;
  root: string;
  title: Text;
  languages: Lang[];
  labs: LabDefinition[];
  exercises: CourseExercise[];
  guides: string;
  images: string[];
  problems: LoadProblem[];
  /** What is worth telling but loads anyway: a lab or exercise beside the listed ones that is not in the list. */
  notes: string[];
}

const moduleFile = /\.(ts|mts|js|mjs)$/;

/** Finds the course (see findCourseFile) and loads it. */
export async function loadCourse(explicit?: string): Promise<Course> {
  return loadCourseFile(readCourseFile(findCourseFile(explicit)));
}

export async function loadCourseFile(course: CourseFile): Promise<Course> {
  const problems: LoadProblem[] = [];
  const at = (path: string) => join(course.root, path);
  const labFiles = typeof course.labs === 'string' ? filesIn(at(course.labs)) : course.labs.map(at);
  const exerciseDirs = typeof course.exercises === 'string' ? foldersWith(at(course.exercises), 'exercise') : course.exercises.map(at);

  const labs: LabDefinition[] = [];
  for (const file of labFiles) {
    const lab = await definitionIn<LabDefinition>(file, 'lab', (d) => typeof d.run === 'function', problems);
    if (lab) labs.push({ ...lab, manifests: join(course.root, lab.manifests ?? join(course.manifests, lab.id)) });
  }
  const exercises: CourseExercise[] = [];
  for (const dir of exerciseDirs) {
    const file = exerciseFile(dir);
    if (!file) {
      problems.push({ file: dir, message: `${shown(dir)}: no exercise.ts (export default defineExercise({…}))` });
      continue;
    }
    const definition = await definitionIn<ExerciseDefinition>(file, 'exercise', (d) => typeof d.grade === 'function', problems);
    if (!definition) continue;
    const solution = join(dir, 'solution');
    if (!existsSync(solution)) {
      problems.push({ file: dir, message: `${shown(dir)}: no solution/ folder (the reference solution \`kindlab course check\` grades)` });
      continue;
    }
    exercises.push({ definition: { ...definition, guidesDir: relative(course.root, join(course.root, course.guides)) || '.' }, dir, solution, variants: variantsIn(join(dir, 'variants')), mistakes: mistakesIn(join(dir, 'mistakes'), problems) });
  }
  const notes = [
    ...(typeof course.labs === 'string' ? [] : unlisted(labFiles, (dir) => filesIn(dir), 'labs', course)),
    ...(typeof course.exercises === 'string' ? [] : unlisted(exerciseDirs, (dir) => foldersWith(dir, 'exercise'), 'exercises', course)),
  ];
  refuseDuplicates('lab', labs.map((l) => l.id), labFiles);
  refuseDuplicates('exercise', exercises.map((e) => e.definition.id), exercises.map((e) => e.dir));
  return { file: course.file, root: course.root, title: course.title, languages: course.languages, labs, exercises, guides: join(course.root, course.guides), images: course.images, problems, notes };
}

/** The course's problems, as one error: for what needs every lab (run --all, course check). */
export function requireWhole(course: Course): void {
  if (!course.problems.length) return;
  throw new KindlabError('BAD_COURSE', `${course.problems.length} file(s) of the course cannot be loaded: ${course.problems.map((p) => shown(p.file)).join(', ')}`, { fix: 'fix them as said above (the other labs still run when named: `kindlab run <id>`)' });
}

async function definitionIn<T extends { id: string }>(file: string, what: 'lab' | 'exercise', looksRight: (d: Record<string, unknown>) => boolean, problems: LoadProblem[]): Promise<T | undefined> {
  const loaded = await importCourseModule(file);
  if (!loaded.ok) {
    problems.push(loaded.problem);
    return undefined;
  }
  const definition = loaded.module.default as Record<string, unknown> | undefined;
  if (!definition || typeof definition !== 'object' || typeof definition.id !== 'string' || !looksRight(definition)) {
    const define = what === 'lab' ? 'defineLab' : 'defineExercise';
    problems.push({ file, message: `${shown(file)}: its default export is not a ${what} (export default ${define}({…}) from 'kindlab')` });
    return undefined;
  }
  return definition as unknown as T;
}

/**
 * A course that lists its labs (or exercises) sets their order, and runs what it lists only: a lab
 * file beside the listed ones but not in the list is said, with where to add it.
 */
function unlisted(listed: string[], siblings: (dir: string) => string[], field: 'labs' | 'exercises', course: CourseFile): string[] {
  const folders = [...new Set(listed.map((path) => dirname(path)))].filter((dir) => dir !== course.root && existsSync(dir));
  const left = folders.flatMap(siblings).filter((path) => !listed.includes(path));
  return left.map((path) => `${shown(path)} is not in the ${field} list of ${shown(course.file)}: left out (list it where it belongs in the course)`);
}

function refuseDuplicates(what: string, ids: string[], where: string[]): void {
  const seen = new Map<string, string>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined) throw new KindlabError('BAD_COURSE', `two ${what}s have the id "${id}": ${shown(first)} and ${shown(where[i]!)}`, { fix: `give each ${what} its own id` });
    seen.set(id, where[i]!);
  });
}

function variantsIn(dir: string): Array<{ name: string; dir: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map(({ name }) => ({ name, dir: join(dir, name) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function mistakesIn(dir: string, problems: LoadProblem[]): Mistake[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap(({ name }) => {
      const file = join(dir, `${name}.json`);
      try {
        return [{ name, dir: join(dir, name), expected: JSON.parse(readFileSync(file, 'utf8')) as ExpectedVerdict }];
      } catch {
        problems.push({ file, message: `${shown(file)}: missing or not JSON (what the mistake must fail on: {"check": "…", "hint": "…"})` });
        return [];
      }
    });
}

function filesIn(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  return readdirSync(dir).filter((f) => moduleFile.test(f) && !f.endsWith('.d.ts')).sort().map((f) => join(dir, f));
}

function foldersWith(dir: string, name: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && exerciseFile(join(dir, e.name), name))
    .map((e) => join(dir, e.name))
    .sort();
}

function exerciseFile(dir: string, name = 'exercise'): string | undefined {
  return ['ts', 'mts', 'js', 'mjs'].map((ext) => join(dir, `${name}.${ext}`)).find((f) => existsSync(f));
}

const shown = (path: string) => relative(process.cwd(), path) || basename(path);
