import module from 'node:module';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { messageOf } from '../core/errors.js';

/**
 * Course files are TypeScript, loaded with no build step: Node strips their types itself (≥ 22.18).
 * It refuses to under node_modules — where an installed kindlab keeps the course it ships — so
 * there a load hook hands the same stripper the file's source.
 */
let hooked = false;

type StripTypes = (code: string) => string;
type LoadHook = (url: string, context: { format?: string }, next: (url: string, context: { format?: string }) => { source?: unknown; format?: string }) => { source?: unknown; format?: string; shortCircuit?: boolean };
const node = module as unknown as { registerHooks?: (hooks: { load: LoadHook }) => void; stripTypeScriptTypes?: StripTypes };

function hookNodeModules(): void {
  if (hooked || !node.registerHooks || !node.stripTypeScriptTypes) return;
  hooked = true;
  const strip = node.stripTypeScriptTypes;
  node.registerHooks({
    load(url, context, next) {
      if (!url.startsWith('file:') || !url.endsWith('.ts') || !url.includes('/node_modules/')) return next(url, context);
      const loaded = next(url, { ...context, format: 'module' });
      return { format: 'module', source: quietly(() => strip(String(loaded.source))), shortCircuit: true };
    },
  });
}

/** The stripper's API warns that it is experimental on each process; the user can do nothing about it. */
function quietly<T>(work: () => T): T {
  const emit = process.emitWarning;
  process.emitWarning = () => undefined;
  try {
    return work();
  } finally {
    process.emitWarning = emit;
  }
}

/** A course file that could not be loaded: where, and why, in one line. */
export interface LoadProblem {
  file: string;
  message: string;
}

/** Imports a course file's module, or says in one line (file:line) why it cannot be loaded. */
export async function importCourseModule(file: string): Promise<{ ok: true; module: Record<string, unknown> } | { ok: false; problem: LoadProblem }> {
  if (file.includes('/node_modules/')) hookNodeModules();
  try {
    return { ok: true, module: (await import(pathToFileURL(file).href)) as Record<string, unknown> };
  } catch (error) {
    return { ok: false, problem: { file, message: `${locate(error, file)}: ${firstLine(error)}` } };
  }
}

/** file:line of a syntax error, or of the frame in the file that threw; else the file alone. */
function locate(error: unknown, file: string): string {
  const shown = relative(process.cwd(), file) || file;
  const stack = String((error as Error | undefined)?.stack ?? '');
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(`${escaped}:(\\d+)`).exec(stack)?.[1];
  return line ? `${shown}:${line}` : shown;
}

function firstLine(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = messageOf(error).split('\n')[0]!.trim();
  if (code === 'ERR_INVALID_TYPESCRIPT_SYNTAX' || error instanceof SyntaxError) return `syntax error: ${message}`;
  if (code === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') return `${message} (Node strips types only: no enum, namespace or constructor parameter properties)`;
  if (code === 'ERR_MODULE_NOT_FOUND') return `${message} (import a course file by its .ts name, and kindlab's API from 'kindlab')`;
  return `loading it threw: ${message}`;
}
