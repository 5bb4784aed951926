import { existsSync } from 'node:fs';
import type { KubernetesObject } from '@kubernetes/client-node';
import { applyOne } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { retryTransient } from '../kube/retry.js';
import type { Budget } from './budget.js';
import { instructorNamespace, studentNamespace, studentObjects, tokenAnchorName } from './objects.js';
import type { Student } from './roster.js';
import { issueToken, writeStudentKubeconfig } from './tokens.js';

export interface StudentSetup {
  className: string;
  student: Student;
  budget: Budget;
  clusterInfo: Record<string, string>;
  tokenSeconds: number;
  /** Where the student's kubeconfig is written (0600). */
  kubeconfig: string;
}

export async function applyClassObject(client: KubeClient, object: KubernetesObject): Promise<void> {
  await applyOne(client, { object: object as never, origin: 'kindlab class' });
}

/**
 * One student's place in the class: the namespace first (with its Pod Security labels), then its
 * isolation, quota and defaults, and only then the rights and the token — so a student never holds
 * a token for a namespace that is not yet fenced.
 */
export async function setUpStudent(client: KubeClient, s: StudentSetup): Promise<void> {
  const objects = studentObjects(s.className, s.student, s.budget, s.clusterInfo);
  for (const object of [objects.namespace, objects.isolation, objects.quota, objects.limits, objects.info, objects.account, objects.anchor, objects.extra, objects.edit, objects.extraBinding]) {
    await applyClassObject(client, object as KubernetesObject);
  }
  const anchor = await retryTransient(`reading ${tokenAnchorName(s.student)}`, () => client.core.readNamespacedSecret({ name: tokenAnchorName(s.student), namespace: instructorNamespace(s.className) }));
  const { token } = await issueToken(client, s.className, s.student, s.tokenSeconds, anchor.metadata!.uid!);
  writeStudentKubeconfig(client, s.className, s.student, token, s.kubeconfig);
}

/** The class's own objects in a student's namespace, again (after a reset, or a student who deleted one). */
export async function restoreFences(client: KubeClient, s: Omit<StudentSetup, 'tokenSeconds' | 'kubeconfig'>): Promise<void> {
  const objects = studentObjects(s.className, s.student, s.budget, s.clusterInfo);
  for (const object of [objects.namespace, objects.isolation, objects.quota, objects.limits, objects.info]) await applyClassObject(client, object as KubernetesObject);
}

/** Namespace, token anchor and kubeconfig all there: nothing to do for this student. */
export async function studentIsSetUp(client: KubeClient, className: string, student: Student, kubeconfig: string): Promise<boolean> {
  if (!existsSync(kubeconfig)) return false;
  const ns = await client.core.readNamespace({ name: studentNamespace(student) }).then(() => true, () => false);
  return ns && (await client.core.readNamespacedSecret({ name: tokenAnchorName(student), namespace: instructorNamespace(className) }).then(() => true, () => false));
}
