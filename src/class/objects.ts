import type { Budget } from './budget.js';
import { isolationPolicy, podSecurityLabels, studentDomain } from './policies.js';
import type { Student } from './roster.js';

/** Every object of a class carries these labels: `class down` removes by them, and nothing else. */
export const classLabel = 'kindlab.dev/class';
export const studentLabel = 'kindlab.dev/student';
export const recordLabel = 'kindlab.dev/record';

export const instructorNamespace = (className: string) => `kindlab-class-${className}`;
export const studentNamespace = (student: Student | string) => `kl-${typeof student === 'string' ? student : student.id}`;
export const serviceAccountName = (student: Student | string) => `student-${typeof student === 'string' ? student : student.id}`;
/** The object each student's token is bound to: deleting it revokes the token at once. */
export const tokenAnchorName = (student: Student | string) => `token-${typeof student === 'string' ? student : student.id}`;

/** Objects a student may make, counted (the quota's bytes and CPUs say nothing of ConfigMaps or Leases). */
export const objectCounts = {
  'count/configmaps': '40',
  'count/secrets': '15',
  'count/services': '10',
  'count/ingresses.networking.k8s.io': '5',
  'count/leases.coordination.k8s.io': '10',
  'count/jobs.batch': '10',
  'count/cronjobs.batch': '3',
  'count/deployments.apps': '10',
  'count/statefulsets.apps': '5',
  'count/daemonsets.apps': '2',
};

const managed = { 'app.kubernetes.io/managed-by': 'kindlab' };
const labels = (className: string, student?: Student) => ({ ...managed, [classLabel]: className, ...(student ? { [studentLabel]: student.id } : {}) });

/** What the class creates for one student, in the order it is created. */
export function studentObjects(className: string, student: Student, budget: Budget, clusterInfo: Record<string, string>) {
  const ns = studentNamespace(student);
  const owner = instructorNamespace(className);
  // Students cannot change their namespace (edit gives no write on namespaces): its labels are
  // what the class trusts — who the student is, and the Pod Security level.
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...labels(className, student), ...podSecurityLabels }, annotations: { 'kindlab.dev/student-name': student.name } } };
  const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: serviceAccountName(student), namespace: owner, labels: labels(className, student) } };
  const anchor = { apiVersion: 'v1', kind: 'Secret', metadata: { name: tokenAnchorName(student), namespace: owner, labels: labels(className, student) }, type: 'Opaque', data: {} };
  const subject = { kind: 'ServiceAccount', name: serviceAccountName(student), namespace: owner };
  const edit = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'kindlab-student-edit', namespace: ns, labels: labels(className, student) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' },
    subjects: [subject],
  };
  // What `edit` lacks for kindlab's runs: Leases (a run's heartbeat), the in-place resize of a pod,
  // and the student's own grade records.
  const extra = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'kindlab-student-extra', namespace: ns, labels: labels(className, student) },
    rules: [
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'] },
      { apiGroups: [''], resources: ['pods/resize'], verbs: ['get', 'patch', 'update'] },
    ],
  };
  const extraBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'kindlab-student-extra', namespace: ns, labels: labels(className, student) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kindlab-student-extra' },
    subjects: [subject],
  };
  const quota = {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'kindlab-budget', namespace: ns, labels: labels(className, student) },
    spec: {
      hard: {
        'requests.cpu': String(budget.requestsCpu),
        'requests.memory': `${budget.requestsMemoryMi}Mi`,
        'limits.cpu': String(budget.limitsCpu),
        'limits.memory': `${budget.limitsMemoryMi}Mi`,
        pods: String(budget.pods),
        persistentvolumeclaims: String(budget.claims),
        'requests.storage': `${budget.storageMi}Mi`,
        'limits.ephemeral-storage': `${budget.ephemeralStorageMi}Mi`,
        ...objectCounts,
        // Host ports are the instructor's: students reach their Services from inside the cluster.
        'services.nodeports': '0',
        'services.loadbalancers': '0',
      },
    },
  };
  const limits = {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'kindlab-defaults', namespace: ns, labels: labels(className, student) },
    spec: {
      limits: [
        {
          type: 'Container',
          defaultRequest: { cpu: '20m', memory: '32Mi', 'ephemeral-storage': '16Mi' },
          default: { cpu: `${Math.round(budget.defaultLimitCpu * 1000)}m`, memory: `${budget.defaultLimitMemoryMi}Mi`, 'ephemeral-storage': `${budget.defaultEphemeralStorageMi}Mi` },
        },
      ],
    },
  };
  // What the student reads (kubectl get cm kindlab-class): informative only, never trusted.
  const info = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kindlab-class', namespace: ns, labels: labels(className, student) }, data: { class: className, student: student.id, name: student.name, domain: studentDomain(student.id), ...clusterInfo } };
  const isolation = isolationPolicy(className, ns, labels(className, student));
  return { namespace, account, anchor, edit, extra, extraBinding, quota, limits, info, isolation };
}

/**
 * Students' runs take their turn on the shared cluster like any run: they may read the cluster lock
 * (Leases in kindlab-system), and nothing else there. One Role for the whole class, by group.
 */
export function lockReader(className: string, systemNamespace: string) {
  const name = `kindlab-class-${className}-lock-reader`;
  const meta = { name, namespace: systemNamespace, labels: labels(className) };
  return [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta, rules: [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list', 'watch'] }] },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: `system:serviceaccounts:${instructorNamespace(className)}` }],
    },
  ];
}

/** The instructor's namespace: the students' accounts and token anchors, and the instructor's records. */
export function classNamespace(className: string) {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: instructorNamespace(className), labels: labels(className) } };
}
