import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { KindlabError } from '../core/errors.js';

/** A Kubernetes object as written in a manifest, with where it came from. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Manifest {
  object: ManifestObject;
  /** "file:line" of the document's first line. */
  origin: string;
}

export class ManifestError extends KindlabError {
  constructor(message: string, fix = 'fix the manifest and run again') {
    super('MANIFEST_INVALID', message, { fix });
  }
}

/** A document that is not a usable Kubernetes object, with where it is. */
export interface ManifestProblem {
  origin: string;
  message: string;
}

/**
 * Parses a multi-document YAML manifest. Empty documents are skipped (client-node's loader
 * throws on them); a syntax error or a document without apiVersion/kind/metadata.name is
 * reported with its file and line.
 */
export function parseManifests(text: string, source: string): Manifest[] {
  const { manifests, problems } = inspectManifests(text, source);
  if (problems[0]) throw new ManifestError(`${problems[0].origin}: ${problems[0].message}`);
  return manifests;
}

/** Like parseManifests, but reports every unusable document instead of stopping at the first. */
export function inspectManifests(text: string, source: string): { manifests: Manifest[]; problems: ManifestProblem[] } {
  const manifests: Manifest[] = [];
  const problems: ManifestProblem[] = [];
  for (const doc of splitDocuments(text)) {
    let value: unknown;
    try {
      value = yaml.load(doc.text, { filename: source });
    } catch (error) {
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      const line = doc.line + (mark?.line ?? 0);
      const reason = ((error as { reason?: string }).reason ?? (error as Error).message).split('\n')[0];
      problems.push({ origin: `${source}:${line}${mark ? `:${mark.column + 1}` : ''}`, message: `malformed YAML: ${reason}` });
      continue;
    }
    if (value === null || value === undefined) continue;
    const origin = `${source}:${doc.line}`;
    const problem = (message: string) => problems.push({ origin, message });
    if (typeof value !== 'object' || Array.isArray(value)) {
      problem('a document must be a mapping (a Kubernetes object)');
      continue;
    }
    const object = value as Partial<ManifestObject>;
    if (typeof object.apiVersion !== 'string' || !object.apiVersion) problem('the object has no apiVersion');
    else if (typeof object.kind !== 'string' || !object.kind) problem('the object has no kind');
    else if (typeof object.metadata?.name !== 'string' || !object.metadata.name) problem(`the ${object.kind} has no metadata.name`);
    else if (object.kind === 'List') problem('kind List is not supported; write one document per object');
    else manifests.push({ object: object as ManifestObject, origin });
  }
  return { manifests, problems };
}

export function loadManifestFile(path: string, displayName = path): Manifest[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new KindlabError('MANIFEST_MISSING', `cannot read manifest ${displayName}: ${(cause as Error).message}`, { cause });
  }
  return parseManifests(text, displayName);
}

interface Document {
  text: string;
  /** 1-based line where the document's content starts. */
  line: number;
}

/** Splits on `---` separator lines, keeping each document's starting line. */
export function splitDocuments(text: string): Document[] {
  const lines = text.split(/\r?\n/);
  const docs: Document[] = [];
  let start = 0;
  const flush = (end: number) => {
    const body = lines.slice(start, end);
    // Leading blank/comment lines do not move the reported line past the object itself.
    docs.push({ text: body.join('\n'), line: start + 1 });
  };
  lines.forEach((line, i) => {
    if (/^---(\s|$)/.test(line)) {
      flush(i);
      start = i + 1;
    }
  });
  flush(lines.length);
  return docs;
}
