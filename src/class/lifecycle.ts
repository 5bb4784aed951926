import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KubernetesObject, V1Namespace } from '@kubernetes/client-node';
import { KindlabError } from '../core/errors.js';
import { applyOne } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { isNotFound } from '../kube/errors.js';
import { retryTransient } from '../kube/retry.js';
import { isSchedulable } from '../kube/status.js';
import { capacityVerdict, cpuOf, memoryMiOf, type Budget } from './budget.js';
import { cardsPage } from './cards.js';
import { ensureSystemNamespace, systemNamespace } from '../runner/coordination.js';
import { Informer, met, notYet } from '../observe/informer.js';
import { classLabel, classNamespace, instructorNamespace, lockReader, studentNamespace, studentObjects, tokenAnchorName } from './objects.js';
import type { Student } from './roster.js';
import { issueToken, writeStudentKubeconfig } from './tokens.js';

export interface ClassUpOptions {
  client: KubeClient;
  className: string;
  students: Student[];
  budget: Budget;
  durationSeconds: number;
  /** Where kubeconfigs and the cards page go (default: ./class). */
  outDir: string;
  /** Told of each student as it is done. */
  onStudent?: (student: Student, outcome: 'created' | 'kept') => void;
}

export interface ClassUpResult {
  created: string[];
  kept: string[];
  cards: string;
  durationMs: number;
}

/**
 * Brings a class up: capacity first (refused with the numbers when N × budget does not fit), then
 * per student a namespace, an account, edit rights in that namespace only, a quota and defaults, and
 * a kubeconfig with a token bound to a Secret. Idempotent: a student whose namespace, token anchor
 * and kubeconfig are all there is left untouched; a failed `up` can be run again.
 */
export async function classUp(o: ClassUpOptions): Promise<ClassUpResult> {
  const started = Date.now();
  const { client } = o;
  const nodes = (await retryTransient('listing the nodes', () => client.core.listNode())).items.filter(isSchedulable);
  const allocatable = nodes.reduce((sum, n) => ({ cpu: sum.cpu + cpuOf(n.status?.allocatable?.cpu ?? '0'), memoryMi: sum.memoryMi + memoryMiOf(n.status?.allocatable?.memory ?? '0') }), { cpu: 0, memoryMi: 0 });
  const fits = capacityVerdict(o.students.length, o.budget, allocatable);
  if (fits !== true) {
    throw new KindlabError('CLASS_TOO_BIG', `${o.students.length} students with the "${o.budget.name}" budget do not fit on ${nodes.length} schedulable node(s): ${fits}`, {
      fix: 'a smaller --budget, fewer students, or a bigger cluster (`kindlab doctor --class N` tells what fits)',
    });
  }
  // A class just taken down may still be going: its namespaces refuse new objects until gone.
  if ((await listClass(client, o.className)).some((n) => n.metadata?.deletionTimestamp)) await classGone(client, o.className);
  const clusterInfo = { kind: nodes.every((n) => (n.spec?.providerID ?? '').startsWith('kind://')) ? 'true' : 'false' };
  await apply(client, classNamespace(o.className));
  await ensureSystemNamespace(client);
  for (const object of lockReader(o.className, systemNamespace)) await apply(client, object as KubernetesObject);
  const created: string[] = [];
  const kept: string[] = [];
  const expires = new Date(Date.now() + o.durationSeconds * 1000).toISOString();
  for (const student of o.students) {
    const kubeconfig = join(o.outDir, `${student.id}.kubeconfig`);
    if (existsSync(kubeconfig) && (await exists(client, studentNamespace(student), tokenAnchorName(student), instructorNamespace(o.className)))) {
      kept.push(student.id);
      o.onStudent?.(student, 'kept');
      continue;
    }
    const objects = studentObjects(o.className, student, o.budget, clusterInfo);
    for (const object of [objects.namespace, objects.account, objects.anchor, objects.edit, objects.extra, objects.extraBinding, objects.quota, objects.limits, objects.info]) {
      await apply(client, object as KubernetesObject);
    }
    const anchor = await retryTransient(`reading ${tokenAnchorName(student)}`, () => client.core.readNamespacedSecret({ name: tokenAnchorName(student), namespace: instructorNamespace(o.className) }));
    const { token } = await issueToken(client, o.className, student, o.durationSeconds, anchor.metadata!.uid!);
    writeStudentKubeconfig(client, o.className, student, token, kubeconfig);
    created.push(student.id);
    o.onStudent?.(student, 'created');
  }
  const cards = join(o.outDir, 'cards.html');
  writeFileSync(cards, cardsPage(o.className, o.students, expires));
  return { created, kept, cards, durationMs: Date.now() - started };
}

/** Everything the student made in their namespace goes; what the class set up there stays. */
export async function resetStudent(client: KubeClient, student: string): Promise<void> {
  const namespace = studentNamespace(student);
  await mustExist(client, namespace);
  const theirs = { namespace, labelSelector: 'app.kubernetes.io/managed-by!=kindlab' };
  const calls: Array<() => Promise<unknown>> = [
    () => client.apps.deleteCollectionNamespacedDeployment(theirs),
    () => client.apps.deleteCollectionNamespacedStatefulSet(theirs),
    () => client.apps.deleteCollectionNamespacedDaemonSet(theirs),
    () => client.apps.deleteCollectionNamespacedReplicaSet(theirs),
    () => client.core.deleteCollectionNamespacedPod({ ...theirs, gracePeriodSeconds: 0 }),
    () => client.core.deleteCollectionNamespacedConfigMap({ namespace, labelSelector: 'app.kubernetes.io/managed-by!=kindlab,!kindlab.dev/record' }),
    () => client.core.deleteCollectionNamespacedSecret(theirs),
    () => client.core.deleteCollectionNamespacedPersistentVolumeClaim(theirs),
  ];
  for (const call of calls) await retryTransient(`emptying ${namespace}`, call);
  // Services have no delete-collection: one by one.
  const services = await client.core.listNamespacedService(theirs);
  for (const s of services.items) await client.core.deleteNamespacedService({ name: s.metadata!.name!, namespace }).catch(() => undefined);
  for (const path of ['/apis/networking.k8s.io/v1', '/apis/autoscaling/v2', '/apis/batch/v1']) {
    const plural = { '/apis/networking.k8s.io/v1': 'ingresses', '/apis/autoscaling/v2': 'horizontalpodautoscalers', '/apis/batch/v1': 'jobs' }[path];
    await retryTransient(`emptying ${namespace}`, async () => {
      const { sendJson } = await import('../kube/raw.js');
      await sendJson(client, 'DELETE', `${path}/namespaces/${namespace}/${plural}?labelSelector=${encodeURIComponent(theirs.labelSelector)}`, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' });
    });
  }
}

/** Ends a student's access at once: the Secret their token is bound to goes. */
export async function revokeStudent(client: KubeClient, className: string, student: string): Promise<void> {
  await client.core.deleteNamespacedSecret({ name: tokenAnchorName(student), namespace: instructorNamespace(className) }).catch((error: unknown) => {
    if (isNotFound(error)) throw new KindlabError('NO_STUDENT', `no student "${student}" with a valid token in class ${className}`, { fix: `\`kubectl get namespaces -l ${classLabel}=${className}\` lists the students` });
    throw error;
  });
}

/**
 * Removes every namespace of the class (the students' and the instructor's), by label, and nothing
 * else; returns once they are gone (watched), so that a new `up` of the same class can follow.
 */
export async function classDown(client: KubeClient, className: string): Promise<string[]> {
  const namespaces = (await listClass(client, className)).map((n) => n.metadata!.name!);
  for (const name of namespaces) await client.core.deleteNamespace({ name }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error)));
  const { RbacAuthorizationV1Api } = await import('@kubernetes/client-node');
  const rbac = client.config.makeApiClient(RbacAuthorizationV1Api);
  const selector = { namespace: systemNamespace, labelSelector: `${classLabel}=${className}` };
  await rbac.deleteCollectionNamespacedRoleBinding(selector).catch(() => undefined);
  await rbac.deleteCollectionNamespacedRole(selector).catch(() => undefined);
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

async function apply(client: KubeClient, object: KubernetesObject): Promise<void> {
  await applyOne(client, { object: object as never, origin: 'kindlab class' });
}

async function exists(client: KubeClient, namespace: string, anchor: string, owner: string): Promise<boolean> {
  const ns = await client.core.readNamespace({ name: namespace }).then(() => true, () => false);
  return ns && (await client.core.readNamespacedSecret({ name: anchor, namespace: owner }).then(() => true, () => false));
}

async function mustExist(client: KubeClient, namespace: string): Promise<void> {
  await client.core.readNamespace({ name: namespace }).catch(() => {
    throw new KindlabError('NO_STUDENT', `no namespace ${namespace}`, { fix: `\`kubectl get namespaces -l ${classLabel}\` lists the students' namespaces` });
  });
}
