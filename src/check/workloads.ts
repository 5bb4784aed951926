import type { Manifest, ManifestObject } from '../kube/manifests.js';

/** The parts of a manifest the rules read, typed loosely: students' files may hold anything. */
export interface Container {
  name?: string;
  image?: string;
  ports?: Array<{ name?: string; containerPort?: number }>;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  env?: Array<{ name?: string; valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef } }>;
  envFrom?: Array<{ configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } }>;
}

export interface Probe {
  httpGet?: { port?: number | string };
  tcpSocket?: { port?: number | string };
}

export interface KeyRef {
  name?: string;
  key?: string;
  optional?: boolean;
}

export interface Volume {
  name?: string;
  configMap?: { name?: string; optional?: boolean };
  secret?: { secretName?: string; optional?: boolean };
  persistentVolumeClaim?: { claimName?: string };
}

export interface PodTemplate {
  labels: Record<string, string>;
  containers: Container[];
  volumes: Volume[];
}

/** A manifest that runs pods: a Pod, or a controller with a pod template. */
export interface Workload {
  manifest: Manifest;
  kind: string;
  name: string;
  namespace: string;
  template: PodTemplate;
}

const controllers = ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'];

export function workloadOf(manifest: Manifest): Workload | undefined {
  const object = manifest.object;
  const spec = record(object.spec);
  let pod: Record<string, unknown> | undefined;
  let labels: Record<string, string> = {};
  if (object.kind === 'Pod') {
    pod = spec;
    labels = object.metadata.labels ?? {};
  } else if (controllers.includes(object.kind) || object.kind === 'CronJob') {
    const template = object.kind === 'CronJob' ? record(record(record(spec.jobTemplate).spec).template) : record(spec.template);
    pod = record(template.spec);
    labels = (record(template.metadata).labels as Record<string, string> | undefined) ?? {};
  }
  if (!pod) return undefined;
  return {
    manifest,
    kind: object.kind,
    name: object.metadata.name,
    namespace: namespaceOf(object),
    template: { labels, containers: list<Container>(pod.containers), volumes: list<Volume>(pod.volumes) },
  };
}

export function namespaceOf(object: ManifestObject): string {
  return object.metadata.namespace ?? 'default';
}

export function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value.filter((v) => v && typeof v === 'object') as T[]) : [];
}

/** Whether every label of `selector` is on the pod. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}
