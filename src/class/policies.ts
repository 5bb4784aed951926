import { classLabel, instructorNamespace, studentLabel } from './objects.js';

/**
 * What Pod Security does not cover, as ValidatingAdmissionPolicies bound to the class's student
 * namespaces: ordinary API objects, so they hold on any conformant cluster (≥ 1.30) with no flag
 * of the API server changed. Each message names the rule and what to write instead: students read
 * them, through kubectl as through `kindlab grade`.
 */

/** Hosts a student's Ingress may name: their id under this domain (front.alice.kindlab.localhost). */
export const studentDomainSuffix = 'kindlab.localhost';
export const studentDomain = (studentId: string) => `${studentId}.${studentDomainSuffix}`;

/** The namespace of the ingress controller (Traefik), whose traffic every student namespace admits. */
export const ingressNamespace = 'traefik';

/** Pod Security Admission on a student namespace: baseline enforced, restricted shown as warnings. */
export const podSecurityLabels = {
  'pod-security.kubernetes.io/enforce': 'baseline',
  'pod-security.kubernetes.io/enforce-version': 'latest',
  'pod-security.kubernetes.io/warn': 'restricted',
  'pod-security.kubernetes.io/warn-version': 'latest',
};

interface Rule {
  /** Short, stable: it is what students see and search for. */
  name: string;
  expression: string;
  /** A CEL string expression, or a plain message. */
  message: string;
  plain?: boolean;
}

// The pod spec of a Pod, a pod template, or any workload that holds one.
const podSpec =
  "object.kind == 'Pod' ? object.spec : object.kind == 'PodTemplate' ? object.template.spec : object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : (has(object.spec.template) ? object.spec.template.spec : {})";

const podRules: Rule[] = [
  {
    name: 'no-priority-class',
    expression: "!has(variables.spec.priorityClassName) || variables.spec.priorityClassName == ''",
    message: "'kindlab class rule no-priority-class: priorityClassName \"' + variables.spec.priorityClassName + '\" would let your pods pre-empt your classmates\\'. Fix: remove priorityClassName (every pod of the class has the default priority).'",
  },
  {
    name: 'no-control-plane',
    expression: "!has(variables.spec.tolerations) || variables.spec.tolerations.all(t, (has(t.key) && t.key != '') ? !t.key.startsWith('node-role.kubernetes.io/') : !(has(t.operator) && t.operator == 'Exists'))",
    message:
      "kindlab class rule no-control-plane: a toleration of the control plane's taint (or one that tolerates every taint) would put your pods on the node that runs the cluster. Fix: remove that toleration; keep only tolerations with a key such as node.kubernetes.io/not-ready.",
    plain: true,
  },
  {
    name: 'no-node-name',
    expression: "(object.kind == 'Pod' && request.operation == 'UPDATE') || !has(variables.spec.nodeName) || variables.spec.nodeName == ''",
    message: "'kindlab class rule no-node-name: nodeName \"' + variables.spec.nodeName + '\" skips the scheduler and the nodes\\' taints. Fix: remove nodeName; a nodeSelector or nodeAffinity chooses nodes through the scheduler.'",
  },
];

const serviceRules: Rule[] = [
  {
    name: 'no-external-ips',
    expression: '!has(object.spec.externalIPs) || size(object.spec.externalIPs) == 0',
    message: "kindlab class rule no-external-ips: spec.externalIPs would divert every pod's traffic for those addresses to your Service (CVE-2020-8554). Fix: remove externalIPs; other pods reach your Service by its DNS name.",
    plain: true,
  },
];

const ingressRules: Rule[] = [
  {
    name: 'ingress-needs-host',
    expression: '!has(object.spec.defaultBackend) && (!has(object.spec.rules) || object.spec.rules.all(r, has(r.host) && r.host != \'\'))',
    message: "'kindlab class rule ingress-needs-host: a rule without host (or a defaultBackend) would catch every host of the shared controller, your classmates\\' too. Fix: give each rule a host under your domain, e.g. host: front.' + variables.domain",
  },
  {
    name: 'ingress-own-domain',
    expression: "!has(object.spec.rules) || object.spec.rules.all(r, !has(r.host) || r.host == variables.domain || r.host.endsWith('.' + variables.domain))",
    message: "'kindlab class rule ingress-own-domain: Ingress hosts in this namespace are ' + variables.domain + ' and names ending in .' + variables.domain + ' (the controller is shared). Fix: e.g. host: front.' + variables.domain",
  },
  {
    name: 'ingress-no-controller-annotations',
    expression: "!has(object.metadata.annotations) || object.metadata.annotations.all(k, !k.startsWith('traefik.'))",
    message: "kindlab class rule ingress-no-controller-annotations: Traefik annotations (router priority, entry points, middlewares) reach beyond your Ingress on the shared controller. Fix: remove the traefik.* annotations; host and path rules are enough.",
    plain: true,
  },
];

const write = ['CREATE', 'UPDATE'];
const podResources = [
  { apiGroups: [''], apiVersions: ['v1'], operations: write, resources: ['pods', 'replicationcontrollers', 'podtemplates'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], operations: write, resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], operations: write, resources: ['jobs', 'cronjobs'] },
];

/** The class's admission policies and their bindings (cluster-scoped, labelled with the class). */
export function classPolicies(className: string) {
  const labels = { 'app.kubernetes.io/managed-by': 'kindlab', [classLabel]: className };
  const policy = (suffix: string, resourceRules: object[], rules: Rule[], variables: Array<{ name: string; expression: string }>) => {
    const name = `kindlab-class-${className}-${suffix}`;
    return [
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name, labels },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { resourceRules },
          variables,
          validations: rules.map((r) => (r.plain ? { expression: r.expression, message: r.message, reason: 'Forbidden' } : { expression: r.expression, messageExpression: r.message, message: `kindlab class rule ${r.name}`, reason: 'Forbidden' })),
        },
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name, labels },
        spec: {
          policyName: name,
          validationActions: ['Deny'],
          matchResources: { namespaceSelector: { matchLabels: { [classLabel]: className }, matchExpressions: [{ key: studentLabel, operator: 'Exists' }] } },
        },
      },
    ];
  };
  return [
    ...policy('pods', podResources, podRules, [{ name: 'spec', expression: podSpec }]),
    ...policy('services', [{ apiGroups: [''], apiVersions: ['v1'], operations: write, resources: ['services'] }], serviceRules, []),
    ...policy('ingresses', [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations: write, resources: ['ingresses'] }], ingressRules, [
      { name: 'domain', expression: `namespaceObject.metadata.labels['${studentLabel}'] + '.${studentDomainSuffix}'` },
    ]),
  ];
}

/** Every rule's name, for the README and the tests. */
export const classRuleNames = [...podRules, ...serviceRules, ...ingressRules].map((r) => r.name);

/**
 * A student namespace admits traffic from itself, from the instructor's namespace (the grader) and
 * from the ingress controller; classmates' pods are refused. DNS and egress stay open.
 */
export function isolationPolicy(className: string, namespace: string, labels: Record<string, string>) {
  const fromNamespace = (name: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': name } } });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'kindlab-isolation', namespace, labels },
    spec: {
      podSelector: {},
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: {} }, fromNamespace(instructorNamespace(className)), fromNamespace(ingressNamespace)] }],
    },
  };
}
