import yaml from 'js-yaml';
import { KindlabError } from '../core/errors.js';
import { yamlProblem } from '../core/yaml.js';
import { asWritten } from './as-written.js';

/** A Kubernetes object as written in a manifest, with where it came from. */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export interface Manifest {
  object: ManifestObject;
  /** "file:line" of the document's first line (and the item, in a List). */
  origin: string;
  /** Fields the API server had set (the object was printed by `kubectl get -o yaml`), left out. */
  dropped?: string[];
}

/** A document that is not a usable Kubernetes object, with where it is. */
export interface ManifestProblem {
  origin: string;
  message: string;
}

export class ManifestError extends KindlabError {
  constructor(
    message: string,
    readonly problems: ManifestProblem[] = [],
    fix = 'fix the manifest and run again',
  ) {
    super('MANIFEST_INVALID', message, { fix });
  }
}

/**
 * Parses a multi-document YAML manifest; every unusable document is reported with its file and
 * line (all of them, not only the first), and a file with no object at all is an error too.
 */
export function parseManifests(text: string, source: string): Manifest[] {
  const { manifests, problems } = inspectManifests(text, source);
  if (problems.length > 0) throw new ManifestError(problems.map((p) => `${p.origin}: ${p.message}`).join('\n'), problems);
  return manifests;
}

/**
 * Like parseManifests, but returns the problems instead of throwing. Empty documents are skipped
 * (client-node's loader throws on them); a file made only of them is a problem.
 */
export function inspectManifests(text: string, source: string): { manifests: Manifest[]; problems: ManifestProblem[] } {
  const manifests: Manifest[] = [];
  const problems: ManifestProblem[] = [];
  for (const doc of splitDocuments(text)) {
    let value: unknown;
    try {
      value = yaml.load(doc.text, { filename: source });
    } catch (error) {
      problems.push(yamlProblem(error, source, doc.start));
      continue;
    }
    if (value === null || value === undefined) continue;
    const origin = `${source}:${doc.line}`;
    // A List (what `kubectl get -o yaml` prints for several objects) is read as kubectl apply reads it: item by item.
    const items = listItems(value);
    if (items) items.forEach((item, i) => take(item, `${origin} (item ${i + 1})`, manifests, problems));
    else take(value, origin, manifests, problems);
  }
  if (manifests.length === 0 && problems.length === 0) {
    problems.push({ origin: source, message: 'no Kubernetes object in this file (it is empty or holds only comments)' });
  }
  return { manifests, problems };
}

function listItems(value: unknown): unknown[] | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const { kind, items } = value as { kind?: unknown; items?: unknown };
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items) ? items : undefined;
}

/** One object: it must be a mapping with apiVersion, kind and metadata.name. */
function take(value: unknown, origin: string, manifests: Manifest[], problems: ManifestProblem[]): void {
  const problem = (message: string) => problems.push({ origin, message });
  if (typeof value !== 'object' || Array.isArray(value)) return void problem('a document must be a mapping (a Kubernetes object)');
  const object = value as Partial<ManifestObject>;
  if (typeof object.apiVersion !== 'string' || !object.apiVersion) problem('the object has no apiVersion');
  else if (typeof object.kind !== 'string' || !object.kind) problem('the object has no kind');
  else if (object.kind.endsWith('List')) problem(`this ${object.kind} has no items list; write one document per object, or a List with items`);
  else if (typeof object.metadata?.name !== 'string' || !object.metadata.name) problem(`the ${object.kind} has no metadata.name`);
  else {
    const written = asWritten(object as ManifestObject);
    manifests.push({ object: written.object, origin, ...(written.dropped.length ? { dropped: written.dropped } : {}) });
  }
}

interface Document {
  text: string;
  /** 1-based line where the document starts (YAML error positions count from there). */
  start: number;
  /** 1-based line of its first content (what messages name). */
  line: number;
}

/** Splits on `---` separator lines, keeping each document's starting line. */
export function splitDocuments(text: string): Document[] {
  const lines = text.split(/\r?\n/);
  const docs: Document[] = [];
  let start = 0;
  const flush = (end: number) => {
    // The object's line, not that of the comments above it; YAML errors count from the document's start.
    const first = lines.slice(start, end).findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    docs.push({ text: lines.slice(start, end).join('\n'), start: start + 1, line: start + 1 + Math.max(0, first) });
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
