import type { V1Pod, V1ReplicaSet } from '@kubernetes/client-node';
import { isPodReady } from '../kube/status.js';
import type { NamespaceObserver } from '../observe/observer.js';
import type { ReplicaSetInfo } from './lab.js';
import { selectorString } from '../kube/selectors.js';

export interface ReplicaPoint {
  at: number;
  wanted: number;
  ready: number;
}

/**
 * When the lab first saw each stage of a pod's start (ms since epoch; undefined if not yet): see
 * {@link Lab.milestones}.
 *
 * @group Results and options
 */
export interface PodMilestones {
  /** The pod object was created. */
  created?: number;
  /** The scheduler bound it to a node. */
  scheduled?: number;
  /** A container of it was running. */
  running?: number;
  /** It was Ready. */
  ready?: number;
}

/** Updates a pod's milestones from one observed state; the first observation of each stage wins. */
export function advanceMilestones(m: PodMilestones, pod: V1Pod, at: number): PodMilestones {
  const next = { ...m };
  next.created ??= at;
  if (pod.spec?.nodeName) next.scheduled ??= at;
  if (pod.status?.containerStatuses?.some((s) => s.state?.running)) next.running ??= at;
  if (isPodReady(pod)) next.ready ??= at;
  return next;
}

/** What a ReplicaSet says of itself, as labs read it: revision, size, image, and its pods' selector. */
export function replicaSetInfo(rs: V1ReplicaSet): ReplicaSetInfo {
  const labels = rs.spec?.selector?.matchLabels ?? {};
  return {
    name: rs.metadata?.name ?? '',
    revision: rs.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? '',
    replicas: rs.spec?.replicas ?? 0,
    image: rs.spec?.template?.spec?.containers[0]?.image ?? '',
    podSelector: selectorString(rs.spec?.selector),
    templateHash: labels['pod-template-hash'] ?? rs.metadata?.labels?.['pod-template-hash'] ?? '',
  };
}

/**
 * What a lab's watches saw over time, kept from the lab's first second: when each pod was created,
 * scheduled, running and Ready; how each ReplicaSet's size and each Deployment's replicas moved.
 */
export class LabHistory {
  private readonly podMilestones = new Map<string, PodMilestones>();
  private readonly replicaSetSizes = new Map<string, number[]>();
  private readonly deploymentPoints = new Map<string, ReplicaPoint[]>();

  constructor(private readonly observer: NamespaceObserver) {
    observer.pods.subscribe((e) => {
      if (e.type === 'DELETED') return;
      const name = e.object.metadata?.name ?? '';
      this.podMilestones.set(name, advanceMilestones(this.podMilestones.get(name) ?? {}, e.object, e.receivedAt));
    });
    observer.replicaSets.subscribe((e) => {
      const name = e.object.metadata?.name ?? '';
      const sizes = this.replicaSetSizes.get(name) ?? [];
      const want = e.type === 'DELETED' ? 0 : (e.object.spec?.replicas ?? 0);
      if (sizes.at(-1) !== want) this.replicaSetSizes.set(name, [...sizes, want]);
    });
    observer.deployments.subscribe((e) => {
      const name = e.object.metadata?.name ?? '';
      const points = this.deploymentPoints.get(name) ?? [];
      const point = { at: e.receivedAt, wanted: e.object.spec?.replicas ?? 0, ready: e.object.status?.readyReplicas ?? 0 };
      const last = points.at(-1);
      if (!last || last.wanted !== point.wanted || last.ready !== point.ready) this.deploymentPoints.set(name, [...points, point]);
    });
  }

  milestones(pod: string): PodMilestones {
    return { ...(this.podMilestones.get(pod) ?? {}) };
  }

  replicaHistory(replicaSet: string): number[] {
    return [...(this.replicaSetSizes.get(replicaSet) ?? [])];
  }

  replicaTimeline(deployment: string): ReplicaPoint[] {
    return [...(this.deploymentPoints.get(deployment) ?? [])];
  }

  /** A Deployment's ReplicaSets, oldest revision first. */
  replicaSetsOf(deployment: string): Array<ReplicaSetInfo & { set: V1ReplicaSet }> {
    return [...this.observer.replicaSets.objects.values()]
      .filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.kind === 'Deployment' && r.name === deployment))
      .map((rs) => ({ ...replicaSetInfo(rs), set: rs }))
      .sort((a, b) => Number(a.revision) - Number(b.revision));
  }
}
