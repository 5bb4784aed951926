import type { V1Namespace } from '@kubernetes/client-node';
import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import { retryTransient } from '../kube/retry.js';
import { budgetNamed, type Budget } from './budget.js';
import { classLabel, instructorNamespace } from './objects.js';

/** A token lasts at most this long, whatever --duration says: a lost kubeconfig expires within a week. */
export const maxTokenSeconds = 7 * 24 * 3600;

export const budgetAnnotation = 'kindlab.dev/budget';
export const expiresAnnotation = 'kindlab.dev/expires';
/** On a student's namespace (students cannot write it): revoked, and when; `class up` skips them. */
export const revokedAnnotation = 'kindlab.dev/revoked';

/** What `up` decided for the class, kept on the instructor's namespace for reset and restore. */
export interface ClassSettings {
  budget: Budget;
  /** When the students' tokens expire (ISO). */
  expires: string;
}

export async function readSettings(client: KubeClient, className: string): Promise<ClassSettings> {
  const ns = await retryTransient(`reading class ${className}`, () => client.core.readNamespace({ name: instructorNamespace(className) })).catch((error: unknown) => {
    if (isNotFound(error)) throw new KindlabError('NO_CLASS', `no class "${className}" on this cluster`, { fix: `\`kubectl get namespaces -l ${classLabel}\` lists the classes' namespaces; --name chooses the class` });
    throw error;
  });
  const annotations = ns.metadata?.annotations ?? {};
  return { budget: budgetNamed(annotations[budgetAnnotation] ?? 'small'), expires: annotations[expiresAnnotation] ?? new Date(Date.now() + 8 * 3600_000).toISOString() };
}

/** The student's namespace, refused with one message when there is no such student. */
export async function readStudentNamespace(client: KubeClient, className: string, student: string): Promise<V1Namespace> {
  const ns = await client.core.readNamespace({ name: `kl-${student}` }).catch(() => undefined);
  if (!ns || ns.metadata?.labels?.[classLabel] !== className) {
    throw new KindlabError('NO_STUDENT', `no student "${student}" in class ${className}`, { fix: `\`kubectl get namespaces -l ${classLabel}=${className}\` lists the students` });
  }
  return ns;
}

export function tokenSeconds(requested: number): number {
  if (requested > maxTokenSeconds) throw new KindlabError('BAD_OPTION', `--duration ${Math.round(requested / 3600)}h is longer than a token may last (${maxTokenSeconds / 3600}h)`, { fix: `a --duration of at most ${maxTokenSeconds / 3600}h` });
  return requested;
}

/** What the class tells a student's kindlab about the cluster: whether it is a kind cluster (chaos on their own pods allowed). */
export async function clusterInfoOf(client: KubeClient): Promise<Record<string, string>> {
  const nodes = (await retryTransient('listing the nodes', () => client.core.listNode())).items;
  return { kind: nodes.length > 0 && nodes.every((n) => (n.spec?.providerID ?? '').startsWith('kind://')) ? 'true' : 'false' };
}
