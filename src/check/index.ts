import { KindlabError, messageOf } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { manifestFiles, readManifestSources, type ManifestSource } from '../kube/intake.js';
import { inspectManifests, type Manifest } from '../kube/manifests.js';
import { reachApiVersion } from '../kube/reach.js';
import { checkManifests, type Finding, type Lang } from './rules.js';
import { scopeFindings } from './scope.js';
import { dryRunOnServer } from './server.js';

export { checkManifests, type Finding, type Lang, type Severity } from './rules.js';

export interface CheckOptions {
  lang?: Lang;
  /** Also ask the API server (dry run); without a client, only the offline rules run. */
  client?: KubeClient;
  /** Why there is no client (shown in the report). */
  offlineReason?: string;
  /** Where the API server's dry run puts namespaced objects (one the identity may write to). */
  namespace?: string;
}

export interface CheckReport {
  files: string[];
  objects: number;
  /** Whether the API server was asked too, or why not. */
  server: { checked: true } | { checked: false; reason: string };
  findings: Finding[];
  counts: Record<'error' | 'warning' | 'hint', number>;
}

/** Checks students' manifest files (or folders of them): YAML, course rules, then the API server's verdict. */
export async function checkFiles(paths: string[], options: CheckOptions = {}): Promise<CheckReport> {
  const files = manifestFiles(paths);
  if (files.length === 0) throw new KindlabError('NO_MANIFESTS', `no .yaml, .yml or .json file in ${paths.join(', ')}`, { fix: 'give manifest files or folders that hold them' });
  return (await checkSources(readManifestSources(files), options)).report;
}

/**
 * The same, for files read already (grading reads them once: what is checked is what is applied),
 * with the objects as read. Those hold Secret values: never printed, unlike the report.
 */
export async function checkSources(sources: ReadonlyArray<ManifestSource & { text: string }>, options: CheckOptions = {}): Promise<{ report: CheckReport; manifests: Manifest[] }> {
  const lang = options.lang ?? 'en';
  const manifests: Manifest[] = [];
  const findings: Finding[] = [];
  for (const source of sources) {
    const file = source.display ?? source.path;
    const parsed = inspectManifests(source.text, file);
    manifests.push(...parsed.manifests);
    for (const p of parsed.problems) {
      findings.push({ severity: 'error', rule: 'invalid-document', origin: p.origin, subject: 'YAML', message: p.message, hint: lang === 'fr' ? 'corrigez le YAML à cette ligne (indentation : des espaces, jamais de tabulations)' : 'fix the YAML at that line (indent with spaces, never tabs)' });
    }
  }
  findings.push(...checkManifests(manifests, lang));
  let server: CheckReport['server'] = { checked: false, reason: options.offlineReason ?? 'offline' };
  let asked: KubeClient | undefined;
  if (options.client) {
    try {
      // GET /version: every identity may ask it, a student's too (listing nodes is not theirs).
      await reachApiVersion(options.client, { patienceMs: 10_000 });
      asked = options.client;
      findings.push(...(await dryRunOnServer(options.client, manifests, lang, options.namespace)));
      server = { checked: true };
    } catch (error) {
      server = { checked: false, reason: messageOf(error) };
    }
  }
  findings.push(...(await scopeFindings(manifests, lang, asked, options.namespace)));
  for (const m of manifests.filter((x) => x.dropped)) {
    findings.push({
      severity: 'hint', rule: 'printed-by-server', origin: m.origin, subject: `${m.object.kind} ${m.object.metadata.name}`,
      message: lang === 'fr' ? `écrit par le serveur d'API (kubectl get -o yaml) : kindlab laisse de côté ce qu'il avait fixé (${m.dropped!.join(', ')})` : `printed by the API server (kubectl get -o yaml): kindlab leaves out what it had set (${m.dropped!.join(', ')})`,
      hint: lang === 'fr' ? 'un manifeste écrit à la main ne porte que ce que vous décidez ; `kubectl apply` refuserait resourceVersion sur un nouvel objet' : 'a manifest written by hand holds only what you decide; `kubectl apply` would refuse resourceVersion on a new object',
    });
  }
  const order = { error: 0, warning: 1, hint: 2 } as const;
  findings.sort((a, b) => order[a.severity] - order[b.severity]);
  const counts = { error: 0, warning: 0, hint: 0 };
  for (const f of findings) counts[f.severity]++;
  return { report: { files: sources.map((s) => s.display ?? s.path), objects: manifests.length, server, findings, counts }, manifests };
}
