import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { KindlabError } from '../core/errors.js';
import { localized, type Lang, type Text } from '../core/i18n.js';
import { projectRoot } from '../core/paths.js';
import { parseYaml } from '../core/yaml.js';

/** The course file's name: kindlab finds it in the current folder or above, as git finds .git. */
export const courseFileName = 'kindlab.yaml';

/**
 * A course as its file describes it. `labs` and `exercises` are either a folder (every lab file in
 * it, every exercise folder in it, by name) or a list in the course's order.
 */
export interface CourseFile {
  /** Absolute path of kindlab.yaml. */
  file: string;
  /** Its folder: every path of the file is relative to it. */
  root: string;
  title: Text;
  languages: Lang[];
  labs: string | string[];
  exercises: string | string[];
  guides: string;
  manifests: string;
  /** Images its manifests name beyond kindlab's own (e.g. docker.io/library/nginx:1.27). */
  images: string[];
}

const keys = ['title', 'languages', 'labs', 'exercises', 'guides', 'manifests', 'images'] as const;

/**
 * Where the course is: --course (a folder or its kindlab.yaml), else $KINDLAB_COURSE, else the
 * nearest kindlab.yaml from the current folder up, else the course kindlab ships.
 */
export function findCourseFile(explicit: string | undefined, cwd = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  const given = explicit ?? env.KINDLAB_COURSE;
  if (given) {
    const path = resolve(cwd, given);
    if (!existsSync(path)) throw new KindlabError('NO_COURSE', `${given}: no such folder`, { fix: `name a course folder (one with a ${courseFileName}), or create one with \`kindlab init ${given}\`` });
    const file = statSync(path).isDirectory() ? join(path, courseFileName) : path;
    if (!existsSync(file)) throw new KindlabError('NO_COURSE', `${given} has no ${courseFileName}`, { fix: `create one with \`kindlab init ${given}\`, or name the folder that holds the course's ${courseFileName}` });
    return file;
  }
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, courseFileName))) return join(dir, courseFileName);
    if (dirname(dir) === dir) return join(projectRoot, courseFileName);
  }
}

/** Reads and checks a course file: one message naming the file and the field on any mistake. */
export function readCourseFile(file: string): CourseFile {
  const shown = relative(process.cwd(), file) || file;
  const bad = (what: string, fix: string) => new KindlabError('BAD_COURSE', `${shown}: ${what}`, { fix });
  const raw = parseYaml(readFileSync(file, 'utf8'), shown, { code: 'BAD_COURSE' });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw bad('not a course (a mapping of title, languages, labs, exercises…)', `see \`kindlab init\` for an example`);
  const data = raw as Record<string, unknown>;
  const unknown = Object.keys(data).filter((k) => !(keys as readonly string[]).includes(k));
  if (unknown.length) throw bad(`unknown field ${unknown.map((k) => `"${k}"`).join(', ')}`, `the fields are ${keys.join(', ')}`);
  const root = dirname(file);
  const text = (value: unknown): Text | undefined => {
    if (typeof value === 'string' && value.trim()) return localized(value);
    if (value && typeof value === 'object' && typeof (value as Text).en === 'string' && typeof (value as Text).fr === 'string') return value as Text;
    return undefined;
  };
  const title = text(data.title);
  if (!title) throw bad('title is missing', 'give the course a title: `title: My course`, or `title: {fr: …, en: …}`');
  const languages = data.languages ?? ['en'];
  if (!Array.isArray(languages) || !languages.length || languages.some((l) => l !== 'fr' && l !== 'en')) throw bad(`languages must be a list of fr and en, got ${JSON.stringify(data.languages)}`, 'e.g. `languages: [fr, en]`');
  const folder = (name: 'guides' | 'manifests'): string => {
    const value = data[name] ?? name;
    if (typeof value !== 'string') throw bad(`${name} must be a folder, got ${JSON.stringify(value)}`, `e.g. \`${name}: ${name}\``);
    return value;
  };
  const entries = (name: 'labs' | 'exercises'): string | string[] => {
    const value = data[name] ?? name;
    const paths = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) throw bad(`${name} must be a folder or a list of paths, got ${JSON.stringify(value)}`, `e.g. \`${name}: ${name}\``);
    for (const path of paths as string[]) {
      if (isAbsolute(path) || !existsSync(join(root, path))) throw bad(`${name}: ${path} does not exist (paths are relative to the course file)`, `create it, or fix the path in ${shown}`);
    }
    return value as string | string[];
  };
  const images = data.images ?? [];
  if (!Array.isArray(images) || images.some((i) => typeof i !== 'string' || !/^[\w.-]+(:\d+)?(\/[\w.-]+)+:[\w.-]+$/.test(i))) {
    throw bad(`images must be a list of image references with a pinned tag, got ${JSON.stringify(data.images)}`, 'e.g. `images: [docker.io/library/nginx:1.27.4]`: registry, name and tag');
  }
  return { file, root, title, languages: languages as Lang[], labs: entries('labs'), exercises: entries('exercises'), guides: folder('guides'), manifests: folder('manifests'), images: images as string[] };
}
