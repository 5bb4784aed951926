import type { V1Deployment, V1ReplicaSet, V1StatefulSet, V2HorizontalPodAutoscaler, V1Ingress, V1PersistentVolumeClaim, V1Service } from '@kubernetes/client-node';
import { AutoscalingV2Api, NetworkingV1Api } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { retryTransient } from '../kube/retry.js';
import { normalizeRef } from '../cluster/nodes.js';
import { selectorString } from '../kube/selectors.js';

/**
 * What a grader needs of a student's Deployment, read off the live object
 * ({@link StudentFinds.deployment}): its pods' selector to query them, its size, containers,
 * environment and mounts to check how it is built.
 *
 * @example
 * ```ts
 * const app = await g.find.deployment();
 * await g.expect(g.pods(app.podSelector).ready(app.replicas), { within: '90s' });
 * const greeting = app.env.GREETING;
 * g.check(g.t({ en: 'GREETING comes from a ConfigMap', fr: 'GREETING vient d’un ConfigMap' }), greeting?.from === 'ConfigMap', `from: ${greeting?.from ?? 'nowhere'}`);
 * await g.setImage(app.name, app.containers[0]!.name, 'docker.io/kindlab/demo:2.0.0');
 * ```
 * @group Exercises
 */
export interface WorkloadInfo<T extends Workload = V1Deployment> {
  /** Its kind: a Deployment for {@link StudentFinds.deployment}; any for {@link StudentFinds.workload}. */
  kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet';
  /** The Deployment's name, for {@link Lab.deployment} and the actions on it. */
  name: string;
  /** Its pods' selector as a label selector string, for {@link Lab.pods}. */
  podSelector: string;
  /** The labels of its pod template. */
  podLabels: Record<string, string>;
  /** `spec.replicas` (1 when unset). */
  replicas: number;
  /**
   * Its pod template's containers: name and image, the image as the runtime pulls it
   * (`kindlab/demo:1.0.0` reads `docker.io/kindlab/demo:1.0.0`, `nginx` reads
   * `docker.io/library/nginx:latest`), so that both ways of writing it compare equal.
   */
  containers: Array<{ name: string; image: string }>;
  /**
   * Where each environment variable of the first container comes from, as the kubelet builds it:
   * `env` entries, and each key an `envFrom` ConfigMap or Secret brings (with its prefix).
   */
  env: Record<string, EnvSource>;
  /** What is mounted where in the first container. */
  mounts: Mount[];
  /** The Deployment (the workload) itself, for anything else. */
  object: T;
}

/**
 * A controller that keeps pods running from a template: what {@link StudentFinds.workload} finds.
 *
 * @group Exercises
 */
export type Workload = V1Deployment | V1ReplicaSet | V1StatefulSet;

/**
 * Where an environment variable comes from: a key of a ConfigMap or Secret, or a plain value, a
 * field of the pod, a resource.
 *
 * @group Exercises
 */
export type EnvSource = { from: 'ConfigMap' | 'Secret'; name: string; key: string } | { from: 'value' | 'field' | 'resource' };

/**
 * A volume mount of a student's container, and what the volume is.
 *
 * @group Exercises
 */
export interface Mount {
  /** Where it is mounted (mountPath). */
  path: string;
  /** The subPath, if any: a file mounted this way no longer follows its ConfigMap. */
  subPath?: string;
  /** The volume's source (a projected volume: the ConfigMap, else the Secret, it projects). */
  source: { kind: 'ConfigMap' | 'Secret' | 'PersistentVolumeClaim'; name: string } | { kind: 'emptyDir' | 'other' };
}

/**
 * The Service a grader found for a student's Deployment ({@link StudentFinds.serviceFor}): its name,
 * to send traffic to it by DNS name, and its port.
 *
 * @example
 * ```ts
 * const service = await g.find.serviceFor(await g.find.deployment());
 * const traffic = g.traffic({ service: service.name, servicePort: service.port, rate: 30 });
 * await traffic.answered(30, { within: '45s', what: `30 answers through http://${service.name}/` });
 * ```
 * @group Exercises
 */
export interface ServiceInfo {
  /** The Service's name (its DNS name in the namespace). */
  name: string;
  /** Its first port (80 when it lists none). */
  port: number;
  /** The Service itself, for anything else. */
  object: V1Service;
}

/** One object found, or why not: none, or several (named, so the student sees what is there). */
export type Found<T> = { ok: true; value: T } | { ok: false; found: string[] };

/**
 * A student's objects, found by what they are rather than by name: the Deployment of the
 * namespace, the Service that selects its pods, the claim it mounts, the HPA that targets it, the
 * Ingress in front of the Service. kindlab's own objects (its sampler pod) are never candidates.
 */
export class StudentObjects {
  constructor(
    private readonly client: KubeClient,
    private readonly namespace: string,
  ) {}

  async deployment(): Promise<Found<WorkloadInfo>> {
    const list = await this.list('deployments', () => this.client.apps.listNamespacedDeployment({ namespace: this.namespace }));
    return this.withEnv(one(list.map((d) => workloadInfo(d, 'Deployment'))));
  }

  /**
   * The one controller that keeps the student's pods running, of any kind the statement allows:
   * a Deployment, a ReplicaSet of its own (not a Deployment's), a StatefulSet.
   */
  async workload(): Promise<Found<WorkloadInfo<Workload>>> {
    const namespace = this.namespace;
    const [deployments, replicaSets, statefulSets] = await Promise.all([
      this.list('deployments', () => this.client.apps.listNamespacedDeployment({ namespace })),
      this.list('replicasets', () => this.client.apps.listNamespacedReplicaSet({ namespace })),
      this.list('statefulsets', () => this.client.apps.listNamespacedStatefulSet({ namespace })),
    ]);
    const own = replicaSets.filter((r) => !(r.metadata?.ownerReferences ?? []).some((o) => o.controller));
    const all: Array<WorkloadInfo<Workload>> = [...deployments.map((d) => workloadInfo(d, 'Deployment')), ...own.map((r) => workloadInfo(r, 'ReplicaSet')), ...statefulSets.map((x) => workloadInfo(x, 'StatefulSet'))];
    return this.withEnv(one(all));
  }

  private async withEnv<T extends Workload>(found: Found<WorkloadInfo<T>>): Promise<Found<WorkloadInfo<T>>> {
    if (found.ok) found.value.env = withEnvFrom(found.value, await this.envFromKeys(found.value.object));
    return found;
  }

  /** The keys each envFrom of the first container brings (never their values); none for a source that is missing. */
  private async envFromKeys(d: Workload): Promise<Array<{ from: 'ConfigMap' | 'Secret'; name: string; prefix: string; keys: string[] }>> {
    const sources = d.spec?.template?.spec?.containers[0]?.envFrom ?? [];
    return Promise.all(
      sources.map(async (source) => {
        const kind = source.secretRef ? ('Secret' as const) : ('ConfigMap' as const);
        const name = (source.secretRef ?? source.configMapRef)?.name ?? '';
        const read = kind === 'Secret' ? this.client.core.readNamespacedSecret({ name, namespace: this.namespace }) : this.client.core.readNamespacedConfigMap({ name, namespace: this.namespace });
        const object = await read.catch(() => undefined);
        const keys = Object.keys({ ...(object?.data ?? {}), ...((object as { binaryData?: object } | undefined)?.binaryData ?? {}) });
        return { from: kind, name, prefix: source.prefix ?? '', keys };
      }),
    );
  }

  async serviceFor(w: WorkloadInfo): Promise<Found<ServiceInfo>> {
    const services = await this.list('services', () => this.client.core.listNamespacedService({ namespace: this.namespace }));
    const selecting = services.filter((s) => {
      const selector = s.spec?.selector ?? {};
      return Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => w.podLabels[k] === v);
    });
    return one(selecting.map((s) => ({ name: s.metadata?.name ?? '', port: s.spec?.ports?.[0]?.port ?? 80, object: s })), services.map((s) => `${s.metadata?.name} (selects ${JSON.stringify(s.spec?.selector ?? {})})`));
  }

  async claimsOf(w: WorkloadInfo): Promise<Found<V1PersistentVolumeClaim>> {
    const names = (w.object.spec?.template.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
    const claims = await this.list('persistentvolumeclaims', () => this.client.core.listNamespacedPersistentVolumeClaim({ namespace: this.namespace }));
    return one(claims.filter((c) => names.includes(c.metadata?.name ?? '')), claims.map((c) => `${c.metadata?.name} (not mounted by ${w.name})`));
  }

  async autoscalerOf(w: WorkloadInfo): Promise<Found<V2HorizontalPodAutoscaler>> {
    const api = this.client.config.makeApiClient(AutoscalingV2Api);
    const hpas = await this.list('horizontalpodautoscalers', () => api.listNamespacedHorizontalPodAutoscaler({ namespace: this.namespace }));
    const targeting = hpas.filter((h) => h.spec?.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === w.name);
    return one(targeting, hpas.map((h) => `${h.metadata?.name} (targets ${h.spec?.scaleTargetRef.kind} ${h.spec?.scaleTargetRef.name})`));
  }

  async ingressTo(service: ServiceInfo): Promise<Found<V1Ingress>> {
    const api = this.client.config.makeApiClient(NetworkingV1Api);
    const ingresses = await this.list('ingresses', () => api.listNamespacedIngress({ namespace: this.namespace }));
    const backends = (i: V1Ingress) => [i.spec?.defaultBackend, ...(i.spec?.rules ?? []).flatMap((r) => (r.http?.paths ?? []).map((p) => p.backend))].flatMap((b) => (b?.service?.name ? [b.service.name] : []));
    return one(ingresses.filter((i) => backends(i).includes(service.name)), ingresses.map((i) => `${i.metadata?.name} (to ${backends(i).join(', ') || 'no Service'})`));
  }

  private async list<T extends { metadata?: { labels?: Record<string, string> } }>(what: string, call: () => Promise<{ items: T[] }>): Promise<T[]> {
    const { items } = await retryTransient(`listing ${what} in ${this.namespace}`, call);
    return items.filter((o) => o.metadata?.labels?.['app.kubernetes.io/managed-by'] !== 'kindlab');
  }
}

function one<T extends { name?: string; metadata?: { name?: string } }>(candidates: T[], others: string[] = []): Found<T> {
  if (candidates.length === 1) return { ok: true, value: candidates[0]! };
  return { ok: false, found: candidates.length > 1 ? candidates.map((c) => c.name ?? c.metadata?.name ?? '?') : others };
}

export function workloadInfo<T extends Workload>(d: T, kind: WorkloadInfo['kind']): WorkloadInfo<T> {
  const pod = d.spec?.template?.spec;
  const container = pod?.containers[0];
  const env: Record<string, EnvSource> = {};
  for (const e of container?.env ?? []) {
    const cm = e.valueFrom?.configMapKeyRef;
    const secret = e.valueFrom?.secretKeyRef;
    env[e.name] = cm ? { from: 'ConfigMap', name: cm.name ?? '', key: cm.key } : secret ? { from: 'Secret', name: secret.name ?? '', key: secret.key } : e.valueFrom?.fieldRef ? { from: 'field' } : e.valueFrom ? { from: 'resource' } : { from: 'value' };
  }
  const mounts: Mount[] = (container?.volumeMounts ?? []).map((m) => {
    const v = pod?.volumes?.find((x) => x.name === m.name);
    // A projected volume is its sources' files in one folder: it reads as the ConfigMap (else the Secret) it projects.
    const projected = v?.projected?.sources ?? [];
    const configMap = v?.configMap ?? projected.find((p) => p.configMap)?.configMap;
    const secret = v?.secret ? { name: v.secret.secretName } : projected.find((p) => p.secret)?.secret;
    const source: Mount['source'] = configMap
      ? { kind: 'ConfigMap', name: configMap.name ?? '' }
      : secret
        ? { kind: 'Secret', name: secret.name ?? '' }
        : v?.persistentVolumeClaim
          ? { kind: 'PersistentVolumeClaim', name: v.persistentVolumeClaim.claimName }
          : { kind: v?.emptyDir ? 'emptyDir' : 'other' };
    return { path: m.mountPath, ...(m.subPath ? { subPath: m.subPath } : {}), source };
  });
  return {
    kind,
    env,
    mounts,
    name: d.metadata?.name ?? '',
    podSelector: selectorString(d.spec?.selector),
    podLabels: d.spec?.template?.metadata?.labels ?? {},
    replicas: d.spec?.replicas ?? 1,
    containers: (d.spec?.template?.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image ? normalizeRef(c.image) : '' })),
    object: d,
  };
}

/**
 * The environment as the kubelet builds it: each envFrom source's keys (with its prefix, in order,
 * a later source winning), then `env`, which wins over them all.
 */
export function withEnvFrom(info: WorkloadInfo<Workload>, sources: Array<{ from: 'ConfigMap' | 'Secret'; name: string; prefix: string; keys: string[] }>): Record<string, EnvSource> {
  const env: Record<string, EnvSource> = {};
  for (const source of sources) for (const key of source.keys) env[`${source.prefix}${key}`] = { from: source.from, name: source.name, key };
  return { ...env, ...info.env };
}
