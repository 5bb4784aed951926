import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { KindlabError } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import { kindlabVersion, projectRoot } from '../core/paths.js';
import { courseFiles } from './templates.js';

export interface InitOptions {
  dir: string;
  title?: string;
  languages?: Lang[];
  /** package.json's dependency on kindlab (default: this kindlab, packed into the course's vendor/). */
  kindlabSpec?: string;
}

/** Where the course keeps the kindlab it depends on, packed (committed with it: CI installs the same). */
export const vendorDir = 'vendor';

/** Writes a course repository into `dir` (new or empty): nothing is overwritten. Returns the files written. */
export function initCourse(options: InitOptions): string[] {
  const dir = resolve(options.dir);
  if (existsSync(dir) && readdirSync(dir).filter((f) => f !== '.git').length) {
    throw new KindlabError('NOT_EMPTY', `${options.dir} is not empty: kindlab init writes a new course and overwrites nothing`, { fix: 'name a new or empty folder: `kindlab init my-course`' });
  }
  const version = kindlabVersion();
  const packed = options.kindlabSpec === undefined ? packKindlab(join(dir, vendorDir)) : undefined;
  const files = courseFiles({
    title: options.title ?? basename(dir),
    languages: options.languages ?? ['en'],
    kindlabSpec: options.kindlabSpec ?? `file:${vendorDir}/${packed}`,
    devDependencies: typecheckDependencies(),
    packageName: basename(dir).toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'course',
    action: `kindlab/kindlab@v${version}`,
  });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return [...Object.keys(files), ...(packed ? [`${vendorDir}/${packed}`] : [])];
}

/** The scripts npm would run when installing a package from a file: kindlab ships built, so none. */
const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'];

/**
 * This kindlab as npm would publish it (built, with its course), packed into `into`: the course
 * installs exactly the kindlab it was written with, offline too. Its package.json loses the
 * scripts npm runs on install (`prepare` builds kindlab from sources the package does not carry),
 * so that `npm install` has nothing to run nor to ask about. Returns the tarball's name.
 */
function packKindlab(into: string): string {
  const stage = mkdtempSync(join(tmpdir(), 'kindlab-pack-'));
  try {
    const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { files?: string[]; scripts?: Record<string, string> };
    for (const entry of [...(manifest.files ?? []), 'LICENSE']) {
      if (existsSync(join(projectRoot, entry))) cpSync(join(projectRoot, entry), join(stage, entry), { recursive: true });
    }
    const scripts = Object.fromEntries(Object.entries(manifest.scripts ?? {}).filter(([name]) => !installScripts.includes(name)));
    writeFileSync(join(stage, 'package.json'), `${JSON.stringify({ ...manifest, scripts }, null, 2)}\n`);
    mkdirSync(into, { recursive: true });
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', into], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
    const [packed] = JSON.parse(out) as Array<{ filename: string }>;
    if (!packed) throw new Error('npm pack packed nothing');
    return basename(packed.filename);
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').at(-1);
    throw new KindlabError('PACK_FAILED', `could not pack this kindlab (${projectRoot}) into the course: ${stderr || (error as Error).message}`, {
      fix: 'check that npm is on PATH, or name the kindlab to depend on: `kindlab init DIR --kindlab ^0.1.0` (a version range, a path or a tarball)',
      cause: error,
    });
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** typescript and @types/node at the ranges kindlab is built with: `npm run typecheck` checks the course's files as kindlab's own. */
function typecheckDependencies(): Record<string, string> {
  const own = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  return Object.fromEntries(['typescript', '@types/node'].map((name) => [name, own.devDependencies?.[name] ?? 'latest']));
}
