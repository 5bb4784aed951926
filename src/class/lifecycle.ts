import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { deleteByLabel } from '../kube/discovery.js';
import { retryTransient } from '../kube/retry.js';
import { isSchedulable } from '../kube/status.js';
import { ensureSystemNamespace, systemNamespace } from '../runner/coordination.js';
import { Informer, met, notYet } from '../observe/informer.js';
import { capacityVerdict, type Budget } from './budget.js';
import { cpuOf, memoryMiOf } from '../core/quantity.js';
import { cardsPage } from './cards.js';
import { classLabel, classNamespace, lockReader, studentNamespace } from './objects.js';
import { classPolicies } from './policies.js';
import { waitPoliciesEnforced } from './enforced.js';
import type { Student } from './roster.js';
import { budgetAnnotation, clusterInfoOf, expiresAnnotation, revokedAnnotation, tokenSeconds } from './settings.js';
import { applyClassObject, restoreFences, setUpStudent, studentIsSetUp } from './student-setup.js';

export interface ClassUpOptions {
  client: KubeClient;
  className: string;
  students: Student[];
  budget: Budget;
  durationSeconds: number;
  /** Where kubeconfigs and the cards page go (default: ./class). */
  outDir: string;
  /** Told of each student as it is done. */
  onStudent?: (student: Student, outcome: 'created' | 'kept' | 'revoked') => void;
}

export interface ClassUpResult {
  created: string[];
  kept: string[];
  /** Revoked students are not given access again until `class restore`. */
  revoked: string[];
  cards: string;
  durationMs: number;
}

/**
 * Brings a class up: capacity first (refused with the numbers when N × budget does not fit), then
 * the class's admission policies, then per student a namespace (Pod Security, network isolation),
 * an account, edit rights in that namespace only, a quota and defaults, and a kubeconfig with a
 * token bound to a Secret. Idempotent: a student already set up is left untouched; a revoked one
 * stays out; a failed `up` can be run again.
 */
export async function classUp(o: ClassUpOptions): Promise<ClassUpResult> {
  const started = Date.now();
  const { client } = o;
  const seconds = tokenSeconds(o.durationSeconds);
  const nodes = (await retryTransient('listing the nodes', () => client.core.listNode())).items.filter(isSchedulable);
  const allocatable = nodes.reduce((sum, n) => ({ cpu: sum.cpu + cpuOf(n.status?.allocatable?.cpu ?? '0'), memoryMi: sum.memoryMi + memoryMiOf(n.status?.allocatable?.memory ?? '0') }), { cpu: 0, memoryMi: 0 });
  const fits = capacityVerdict(o.students.length, o.budget, allocatable);
  if (fits !== true) {
    throw new KindlabError('CLASS_TOO_BIG', `${o.students.length} students with the "${o.budget.name}" budget do not fit on ${nodes.length} schedulable node(s): ${fits}`, {
      fix: 'a smaller --budget, fewer students, or a bigger cluster (`kindlab doctor --class N` tells what fits)',
    });
  }
  // A class just taken down may still be going: its namespaces refuse new objects until gone.
  const before = await listClass(client, o.className);
  if (before.some((n) => n.metadata?.deletionTimestamp)) await classGone(client, o.className);
  const clusterInfo = await clusterInfoOf(client);
  const expires = new Date(Date.now() + seconds * 1000).toISOString();
  const owner = classNamespace(o.className);
  owner.metadata = { ...owner.metadata, annotations: { [budgetAnnotation]: o.budget.name, [expiresAnnotation]: expires } } as typeof owner.metadata;
  await applyClassObject(client, owner);
  // Policies before namespaces: no student namespace exists unguarded, not even for a moment.
  for (const object of classPolicies(o.className)) await applyClassObject(client, object as KubernetesObject);
  await ensureSystemNamespace(client);
  for (const object of lockReader(o.className, systemNamespace)) await applyClassObject(client, object as KubernetesObject);
  // Student namespaces are kl-<id> whatever the class: another class's student of the same id is refused, not taken over.
  const taken = (await Promise.all(o.students.map((s) => client.core.readNamespace({ name: studentNamespace(s) }).then((n) => n, () => undefined)))).filter((n) => n && n.metadata?.labels?.[classLabel] !== o.className);
  if (taken.length) {
    throw new KindlabError('STUDENT_TAKEN', `${taken.map((n) => `${n!.metadata!.name} belongs to ${n!.metadata?.labels?.[classLabel] ? `class ${n!.metadata.labels[classLabel]}` : 'no class'}`).join(', ')}`, {
      fix: 'give these students other ids (roster lines "id, Name"), or take the other class down first (`kindlab class down --name …`)',
    });
  }
  const revokedIds = new Set(before.filter((n) => n.metadata?.annotations?.[revokedAnnotation]).map((n) => n.metadata!.name!.replace(/^kl-/, '')));
  const result: ClassUpResult = { created: [], kept: [], revoked: [], cards: join(o.outDir, 'cards.html'), durationMs: 0 };
  for (const student of o.students) {
    const kubeconfig = join(o.outDir, `${student.id}.kubeconfig`);
    const outcome = revokedIds.has(student.id) ? 'revoked' : (await studentIsSetUp(client, o.className, student, kubeconfig)) ? 'kept' : 'created';
    if (outcome === 'created') await setUpStudent(client, { className: o.className, student, budget: o.budget, clusterInfo, tokenSeconds: seconds, kubeconfig });
    else await restoreFences(client, { className: o.className, student, budget: o.budget, clusterInfo });
    result[outcome].push(student.id);
    o.onStudent?.(student, outcome);
  }
  // A student's first kubectl apply comes after this: the policies must be in force by then.
  const first = o.students.find((s) => !revokedIds.has(s.id));
  if (first) await waitPoliciesEnforced(client, studentNamespace(first));
  writeFileSync(result.cards, cardsPage(o.className, o.students, expires));
  result.durationMs = Date.now() - started;
  return result;
}

/**
 * Removes every namespace of the class (the students' and the instructor's), by label, and the
 * class's policies and lock rights, and nothing else; returns once the namespaces are gone
 * (watched), so that a new `up` of the same class can follow.
 */
export async function classDown(client: KubeClient, className: string): Promise<string[]> {
  const namespaces = (await listClass(client, className)).map((n) => n.metadata!.name!);
  const selector = `${classLabel}=${className}`;
  for (const name of namespaces) await retryTransient(`deleting namespace ${name}`, () => client.core.deleteNamespace({ name }).catch((error: unknown) => ((error as { code?: number }).code === 404 ? undefined : Promise.reject(error))));
  await deleteByLabel(client, `/apis/rbac.authorization.k8s.io/v1/namespaces/${systemNamespace}/rolebindings`, selector);
  await deleteByLabel(client, `/apis/rbac.authorization.k8s.io/v1/namespaces/${systemNamespace}/roles`, selector);
  await deleteByLabel(client, '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicybindings', selector);
  await deleteByLabel(client, '/apis/admissionregistration.k8s.io/v1/validatingadmissionpolicies', selector);
  await classGone(client, className);
  return namespaces;
}

/** Waits (on a watch) until no namespace of the class is left, even one still terminating. */
async function classGone(client: KubeClient, className: string): Promise<void> {
  const namespaces = new Informer<V1Namespace>(client, '/api/v1/namespaces', { labelSelector: `${classLabel}=${className}` });
  try {
    const left = (all: ReadonlyMap<string, V1Namespace>) => [...all.values()].map((n) => n.metadata?.name).join(', ');
    await namespaces.waitFor((all) => (all.size === 0 ? met(undefined) : notYet(`still terminating: ${left(all)}`)), { what: `the namespaces of class ${className} deleted`, timeoutMs: 300_000 });
  } finally {
    namespaces.stop();
  }
}

async function listClass(client: KubeClient, className: string) {
  return (await retryTransient('listing the class', () => client.core.listNamespace({ labelSelector: `${classLabel}=${className}` }))).items;
}
