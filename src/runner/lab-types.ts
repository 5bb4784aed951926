import type { KubernetesObject, V1ConfigMap, V1Deployment, V1Ingress, V1Job, V1PersistentVolumeClaim, V1Pod, V1Service, V1StatefulSet, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';

// The Kubernetes objects a lab handles, under the names a course author knows them by: the API
// server's objects as @kubernetes/client-node types them (metadata, spec, status).

/**
 * A pod as the lab's watch last saw it: what {@link PodQueries} hand back.
 *
 * @example
 * ```ts
 * const started = await lab.expect(lab.pods('app=demo').ready(3), { within: '90s' });
 * const nodes: string[] = started.value.map((pod: Pod) => pod.spec?.nodeName ?? '');
 * ```
 * @group Kubernetes objects
 */
export type Pod = V1Pod;

/**
 * A Deployment, as {@link DeploymentQueries} hand it back.
 *
 * @group Kubernetes objects
 */
export type Deployment = V1Deployment;

/**
 * A Job, as {@link JobQueries} hand it back: `status.succeeded`, `status.failed`, its conditions.
 *
 * @group Kubernetes objects
 */
export type Job = V1Job;

/**
 * A StatefulSet, as {@link StatefulSetQueries} hand it back.
 *
 * @group Kubernetes objects
 */
export type StatefulSet = V1StatefulSet;

/**
 * A PersistentVolumeClaim, as {@link Lab.claim} hands it back.
 *
 * @group Kubernetes objects
 */
export type PersistentVolumeClaim = V1PersistentVolumeClaim;

/**
 * A ConfigMap: `lab.object<ConfigMap>('ConfigMap', name)`.
 *
 * @group Kubernetes objects
 */
export type ConfigMap = V1ConfigMap;

/**
 * A Service, as {@link ServiceInfo} carries it.
 *
 * @group Kubernetes objects
 */
export type Service = V1Service;

/**
 * An Ingress, as {@link StudentFinds.ingressTo} hands it back.
 *
 * @group Kubernetes objects
 */
export type Ingress = V1Ingress;

/**
 * A HorizontalPodAutoscaler (autoscaling/v2), as {@link StudentFinds.autoscalerOf} hands it back.
 *
 * @group Kubernetes objects
 */
export type HorizontalPodAutoscaler = V2HorizontalPodAutoscaler;

/**
 * An object of any kind, as {@link Lab.object} hands it back unless told its type: its `spec`,
 * `status` and `data` are read freely (`object.status?.readyReplicas`).
 *
 * @example
 * ```ts
 * const route = await lab.object('Ingress', 'demo').get();
 * lab.note(`the Ingress class: ${route?.spec?.ingressClassName ?? 'the default'}`);
 * ```
 * @group Kubernetes objects
 */
export interface KubeObject extends KubernetesObject {
  spec?: any;
  status?: any;
  data?: Record<string, string>;
}
