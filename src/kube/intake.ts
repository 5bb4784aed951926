import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KindlabError } from '../core/errors.js';
import { secretForms } from '../core/redact.js';
import { fillPlaceholders } from '../core/template.js';
import type { KubeClient } from './client.js';
import { inspectManifests, ManifestError, type Manifest, type ManifestProblem } from './manifests.js';

/** Whether a kind is namespaced (true), cluster-scoped (false), or unknown to the API server. */
export type ScopeLookup = (apiVersion: string, kind: string) => Promise<boolean | undefined>;

export interface IntakeOptions {
  /** Where every namespaced object goes. */
  namespace: string;
  /** `${NAME}` values; a placeholder without one is an error. */
  variables?: Readonly<Record<string, string>>;
  /** Cluster-scoped kinds the caller declared it applies (none by default). */
  clusterScoped?: readonly string[];
  /** Largest file taken in (default 1 MiB). */
  maxBytes?: number;
}

export interface ManifestSource {
  path: string;
  /** How the file is named in messages (default: its path). */
  display?: string;
  /** The file's text, read once already: what was checked is what is applied. */
  text?: string;
}

export interface Intake {
  manifests: Manifest[];
  /** The values of the Secrets among them, in every printable form: never to be shown. */
  secrets: string[];
}

const defaultMaxBytes = 1024 * 1024;

/**
 * The one door manifests go through before they reach the cluster, kindlab's own and students'
 * alike: files are read (bounded), placeholders filled, every document parsed; each object must
 * be of a kind the API server knows; namespaced objects are put in `namespace` (another namespace
 * is refused, naming file and object) and cluster-scoped ones are refused unless declared. Every
 * problem of every file is reported at once.
 */
export async function takeIn(sources: readonly ManifestSource[], scopeOf: ScopeLookup, options: IntakeOptions): Promise<Intake> {
  const manifests: Manifest[] = [];
  const problems: ManifestProblem[] = [];
  for (const source of sources) {
    const display = source.display ?? source.path;
    const text = source.text ?? readManifestText(source.path, display, options.maxBytes ?? defaultMaxBytes);
    const parsed = inspectManifests(options.variables ? fillPlaceholders(text, options.variables, display) : text, display);
    manifests.push(...parsed.manifests);
    problems.push(...parsed.problems);
  }
  const scoped = await scopeAll(manifests, scopeOf, options, problems);
  if (problems.length > 0) throw intakeError(problems);
  return { manifests: scoped, secrets: secretForms(manifests.flatMap(secretValues)) };
}

/** The namespace rule of the intake, for manifests already parsed (kindlab's own, in tests and tools). */
export async function scopeManifests(manifests: readonly Manifest[], scopeOf: ScopeLookup, options: IntakeOptions): Promise<Manifest[]> {
  const problems: ManifestProblem[] = [];
  const scoped = await scopeAll(manifests, scopeOf, options, problems);
  if (problems.length > 0) throw intakeError(problems);
  return scoped;
}

/** What the API server says of a kind: namespaced or not (discovery, cached by client-node). */
export function clusterScopes(client: KubeClient): ScopeLookup {
  return (apiVersion, kind) => client.objects.isNamespaced(apiVersion, kind);
}

async function scopeAll(manifests: readonly Manifest[], scopeOf: ScopeLookup, options: IntakeOptions, problems: ManifestProblem[]): Promise<Manifest[]> {
  const scoped: Manifest[] = [];
  for (const manifest of manifests) {
    const verdict = await scope(manifest, scopeOf, options);
    if (typeof verdict === 'string') problems.push({ origin: manifest.origin, message: verdict });
    else scoped.push(verdict);
  }
  return scoped;
}

function intakeError(problems: ManifestProblem[]): ManifestError {
  return new ManifestError(problems.map((p) => `${p.origin}: ${p.message}`).join('\n'), problems, 'fix the files named above and run again; nothing was applied');
}

async function scope(manifest: Manifest, scopeOf: ScopeLookup, options: IntakeOptions): Promise<Manifest | string> {
  const { apiVersion, kind, metadata } = manifest.object;
  const subject = `${kind} ${metadata.name}`;
  const namespaced = await scopeOf(apiVersion, kind);
  if (namespaced === undefined) return `${subject}: the API server knows no ${kind} in ${apiVersion} (check apiVersion and kind; \`kubectl api-resources\` lists them)`;
  const problem = scopeProblem(manifest, namespaced, options);
  if (problem) return `${subject} ${problem.en}`;
  if (!namespaced) return manifest;
  const object = structuredClone(manifest.object);
  object.metadata.namespace = options.namespace;
  return { object, origin: manifest.origin };
}

/**
 * Pure: the namespace rule for an object of known scope, in words (after its subject), or undefined
 * if it may be taken in. `kindlab check` says the same of a student's files as the intake does; it
 * may not know the namespace yet (kindlab picks it): then any namespace the object names is refused.
 */
export function scopeProblem(manifest: Manifest, namespaced: boolean, options: { namespace?: string; clusterScoped?: readonly string[] }): { en: string; fr: string } | undefined {
  const { kind, metadata } = manifest.object;
  const { namespace } = options;
  if (!namespaced) {
    if (options.clusterScoped?.includes(kind)) return undefined;
    return {
      en: `is cluster-scoped: refused (it would reach beyond ${namespace === undefined ? 'the namespace kindlab gives it' : `namespace ${namespace}`} and every user of the cluster)`,
      fr: `est à l'échelle du cluster : refusé (il irait au-delà du namespace ${namespace ?? 'que kindlab lui donne'}, jusqu'à chaque utilisateur du cluster)`,
    };
  }
  if (metadata.namespace === undefined || metadata.namespace === namespace) return undefined;
  return {
    en: `names namespace "${metadata.namespace}": refused, it goes in ${namespace ?? 'the namespace kindlab gives it'} (remove metadata.namespace)`,
    fr: `nomme le namespace « ${metadata.namespace} » : refusé, il va dans ${namespace ?? 'le namespace que kindlab lui donne'} (retirez metadata.namespace)`,
  };
}

/** Reads manifest files once, bounded: the texts then go to the check and to the intake alike. */
export function readManifestSources(paths: readonly string[], maxBytes = defaultMaxBytes): Array<ManifestSource & { text: string }> {
  return paths.map((path) => ({ path, text: readManifestText(path, path, maxBytes) }));
}

function readManifestText(path: string, display: string, maxBytes: number): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new KindlabError('MANIFEST_MISSING', `no such file: ${display}`, { fix: 'give the path of a manifest file' });
  }
  if (size > maxBytes) {
    throw new KindlabError('MANIFEST_TOO_LARGE', `${display} is ${(size / 1024 / 1024).toFixed(1)} MiB: manifests over ${Math.round(maxBytes / 1024)} KiB are refused`, {
      fix: 'a manifest is a few kilobytes; keep data out of it (a ConfigMap from a file belongs in a volume, not in YAML)',
    });
  }
  const text = readFileSync(path, 'utf8');
  if (text.includes('\u0000')) throw new KindlabError('MANIFEST_INVALID', `${display} is not a text file`, { fix: 'give YAML or JSON manifest files' });
  return text;
}

/** The values of a Secret manifest (data decoded, stringData as written). */
export function secretValues(m: Manifest): string[] {
  if (m.object.kind !== 'Secret') return [];
  const strings = (v: unknown) => Object.values(v && typeof v === 'object' ? (v as Record<string, unknown>) : {}).filter((s): s is string => typeof s === 'string' && s.length > 0);
  return [...strings(m.object.data).map((v) => Buffer.from(v, 'base64').toString('utf8')), ...strings(m.object.data), ...strings(m.object.stringData)];
}

/** Manifest files named directly or found in folders (sorted, hidden files skipped). */
export function manifestFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new KindlabError('MANIFEST_MISSING', `no such file or folder: ${path}`, { fix: 'give the path of your manifest files (e.g. `deployment.yaml` or `my-app/`)' });
    }
    if (!isDirectory) return [path];
    return readdirSync(path, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => a.name.localeCompare(b.name))
      .flatMap((e) => (e.isDirectory() ? manifestFiles([join(path, e.name)]) : /\.(ya?ml|json)$/.test(e.name) ? [join(path, e.name)] : []));
  });
}
