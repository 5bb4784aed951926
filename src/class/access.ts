import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { deleteByLabel } from '../kube/discovery.js';
import { isNotFound } from '../kube/errors.js';
import { sendJson } from '../kube/raw.js';
import { retryTransient } from '../kube/retry.js';
import { classLabel, instructorNamespace, studentLabel, studentNamespace, tokenAnchorName } from './objects.js';
import { clusterInfoOf, readSettings, readStudentNamespace, revokedAnnotation } from './settings.js';
import { setUpStudent } from './student-setup.js';

/**
 * Ends a student's access now, and remembers it: the namespace is marked revoked (so `class up`
 * does not give access again), their RoleBindings go (RBAC is not cached: requests are refused
 * within a second), the Secret their token is bound to goes (the token itself, once the API
 * server's token cache forgets it, ~10 s), and their pods go (open exec sessions end). What they
 * built stays, for grading; `class reset` empties it.
 */
export async function revokeStudent(client: KubeClient, className: string, student: string): Promise<void> {
  const namespace = studentNamespace(student);
  await readStudentNamespace(client, className, student);
  await mergePatch(client, `/api/v1/namespaces/${namespace}`, { metadata: { annotations: { [revokedAnnotation]: new Date().toISOString() } } });
  await deleteByLabel(client, `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}/rolebindings`, `${classLabel}=${className}`);
  await retryTransient(`deleting ${tokenAnchorName(student)}`, () => client.core.deleteNamespacedSecret({ name: tokenAnchorName(student), namespace: instructorNamespace(className) }).catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(error))));
  await retryTransient(`deleting the pods of ${namespace}`, () => client.core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 }));
}

/** Gives a revoked student access again: a new token (until the class's end) and kubeconfig. */
export async function restoreStudent(client: KubeClient, className: string, student: string, kubeconfig: string): Promise<{ expires: string }> {
  const ns = await readStudentNamespace(client, className, student);
  const settings = await readSettings(client, className);
  const seconds = Math.floor((Date.parse(settings.expires) - Date.now()) / 1000);
  if (seconds < 600) throw new KindlabError('CLASS_OVER', `class ${className} ends at ${settings.expires}: no time left to restore ${student}`, { fix: 'run `kindlab class up` with a new --duration first' });
  const name = ns.metadata?.annotations?.['kindlab.dev/student-name'] ?? student;
  await setUpStudent(client, { className, student: { id: ns.metadata!.labels![studentLabel]!, name }, budget: settings.budget, clusterInfo: await clusterInfoOf(client), tokenSeconds: seconds, kubeconfig });
  await mergePatch(client, `/api/v1/namespaces/${studentNamespace(student)}`, { metadata: { annotations: { [revokedAnnotation]: null } } });
  return { expires: settings.expires };
}

async function mergePatch(client: KubeClient, path: string, body: object): Promise<void> {
  await retryTransient(`patching ${path}`, async () => {
    const answer = await sendJson(client, 'PATCH', path, body, 'application/merge-patch+json');
    if (answer.status >= 400) throw new KindlabError('KUBE_API', `patching ${path}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
  });
}
