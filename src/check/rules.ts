import type { Manifest } from '../kube/manifests.js';
import type { Context, Finding, Lang, Severity } from './findings.js';
import { linkRules } from './rules-links.js';
import { podRules } from './rules-pods.js';
import { workloadOf } from './workloads.js';

export type { Finding, Lang, Severity } from './findings.js';

/**
 * Reads students' manifests as the course would: what Kubernetes will reject (errors), what works
 * but fails the chapter's lessons (warnings: single replica, no readinessProbe…), and good habits
 * (hints). Pure: no cluster. Never quotes a Secret's value.
 */
export function checkManifests(manifests: Manifest[], lang: Lang = 'en'): Finding[] {
  const ctx: Context = { manifests, workloads: manifests.flatMap((m) => workloadOf(m) ?? []), lang, findings: [] };
  for (const rule of [...podRules, ...linkRules]) rule(ctx);
  const order: Record<Severity, number> = { error: 0, warning: 1, hint: 2 };
  return ctx.findings.sort((a, b) => order[a.severity] - order[b.severity]);
}

