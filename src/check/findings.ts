import type { Manifest } from '../kube/manifests.js';
import { namespaceOf, record, type Container, type Workload } from './workloads.js';

export type Severity = 'error' | 'warning' | 'hint';
export type { Lang } from '../core/i18n.js';
import type { Lang, Text } from '../core/i18n.js';

/** One thing a student should look at, with where it is and what the course says about it. */
export interface Finding {
  severity: Severity;
  rule: string;
  /** "file:line" of the object. */
  origin: string;
  /** "Deployment web" (and the container, when it is about one). */
  subject: string;
  message: string;
  hint: string;
}

export type { Text };

export interface Context {
  manifests: Manifest[];
  workloads: Workload[];
  lang: Lang;
  findings: Finding[];
}

export function report(ctx: Context, severity: Severity, rule: string, manifest: Manifest, subject: string, message: Text, hint: Text): void {
  ctx.findings.push({ severity, rule, origin: manifest.origin, subject, message: message[ctx.lang], hint: hint[ctx.lang] });
}

export const subjectOf = (m: Manifest, container?: Container) => `${m.object.kind} ${m.object.metadata.name}${container ? `, container ${container.name ?? '?'}` : ''}`;

export function byKind(ctx: Context, kind: string): Manifest[] {
  return ctx.manifests.filter((m) => m.object.kind === kind);
}

export function named(ctx: Context, kind: string, namespace: string, name: string | undefined): Manifest | undefined {
  return byKind(ctx, kind).find((m) => m.object.metadata.name === name && namespaceOf(m.object) === namespace);
}

/** HorizontalPodAutoscalers that scale this workload. */
export function autoscalers(ctx: Context, w: Workload): Manifest[] {
  return byKind(ctx, 'HorizontalPodAutoscaler').filter((h) => {
    const target = record(record(h.object.spec).scaleTargetRef);
    return target.kind === w.kind && target.name === w.name && namespaceOf(h.object) === w.namespace;
  });
}
