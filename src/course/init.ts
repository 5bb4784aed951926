import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KindlabError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import { kindlabVersion } from '../core/paths.js';
import { courseFiles } from './templates.js';

export interface InitOptions {
  dir: string;
  title?: string;
  languages?: Lang[];
  /** package.json's dependency on kindlab (default: this kindlab's version, ^x.y.z). */
  kindlabSpec?: string;
}

/** Writes a course repository into `dir` (new or empty): nothing is overwritten. Returns the files written. */
export function initCourse(options: InitOptions): string[] {
  const dir = resolve(options.dir);
  if (existsSync(dir) && readdirSync(dir).filter((f) => f !== '.git').length) {
    throw new KindlabError('NOT_EMPTY', `${options.dir} is not empty: kindlab init writes a new course and overwrites nothing`, { fix: 'name a new or empty folder: `kindlab init my-course`' });
  }
  const version = kindlabVersion();
  const files = courseFiles({
    title: options.title ?? basename(dir),
    languages: options.languages ?? ['en'],
    kindlabSpec: options.kindlabSpec ?? `^${version}`,
    packageName: basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'course',
    action: `kindlab/kindlab@v${version}`,
  });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return Object.keys(files);
}
