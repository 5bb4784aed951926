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

/**
 * Parses a multi-document YAML manifest. Empty documents are skipped (client-node's loader
 * throws on them); a syntax error or a document without apiVersion/kind/metadata.name is
 * reported with its file and line.
 */
export function parseManifests(text: string, source: string): Manifest[] {
  const manifests: Manifest[] = [];
  for (const doc of splitDocuments(text)) {
    let value: unknown;
    try {
      value = yaml.load(doc.text, { filename: source });
    } catch (error) {
      const mark = (error as { mark?: { line: number; column: number } }).mark;
      const line = doc.line + (mark?.line ?? 0);
      const reason = ((error as { reason?: string }).reason ?? (error as Error).message).split('\n')[0];
      throw new ManifestError(`${source}:${line}${mark ? `:${mark.column + 1}` : ''}: malformed YAML: ${reason}`);
    }
    if (value === null || value === undefined) continue;
    const origin = `${source}:${doc.line}`;
    if (typeof value !== 'object' || Array.isArray(value)) throw new ManifestError(`${origin}: a document must be a mapping (a Kubernetes object)`);
    const object = value as Partial<ManifestObject>;
    if (typeof object.apiVersion !== 'string' || !object.apiVersion) throw new ManifestError(`${origin}: the object has no apiVersion`);
    if (typeof object.kind !== 'string' || !object.kind) throw new ManifestError(`${origin}: the object has no kind`);
    if (typeof object.metadata?.name !== 'string' || !object.metadata.name) {
      throw new ManifestError(`${origin}: the ${object.kind} has no metadata.name`);
    }
    if (object.kind === 'List') throw new ManifestError(`${origin}: kind List is not supported; write one document per object`);
    manifests.push({ object: object as ManifestObject, origin });
  }
  return manifests;
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
