import type { V1Deployment, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { deploymentCondition, rolloutProgress } from '../../observe/conditions.js';
import { met, named, notYet, type Expectation } from './expectation.js';

export function deploymentAvailable(name: string, replicas: number): Expectation<V1Deployment> {
  return {
    resource: 'deployments',
    what: `deployment ${name} has ${replicas} available replicas`,
    evaluate: (objects) => {
      const d = named<V1Deployment>(objects, name);
      if (!d) return notYet(`deployment ${name} not found`);
      const available = d.status?.availableReplicas ?? 0;
      const total = d.status?.replicas ?? 0;
      return available === replicas && total === replicas ? met(d) : notYet(`available=${available} total=${total}`);
    },
  };
}

/**
 * `minGeneration` is the generation the lab's own last change produced: until the watch has
 * delivered that version, the cached Deployment is the one from before the change.
 */
export function deploymentRolledOut(name: string, minGeneration = 0): Expectation<V1Deployment> {
  return {
    resource: 'deployments',
    what: `deployment ${name} rolled out`,
    evaluate: (objects) => {
      const d = named<V1Deployment>(objects, name);
      if (d && (d.metadata?.generation ?? 0) < minGeneration) return notYet(`the change (generation ${minGeneration}) has not been seen yet`);
      const progress = rolloutProgress(d);
      return progress === true && d ? met(d) : notYet(progress === true ? 'deployment not found' : progress);
    },
  };
}

export function deploymentHasCondition(name: string, type: string, status: string, reason?: string): Expectation<V1Deployment> {
  return {
    resource: 'deployments',
    what: `deployment ${name} condition ${type}=${status}${reason ? ` (${reason})` : ''}`,
    evaluate: (objects) => {
      const d = named<V1Deployment>(objects, name);
      const c = deploymentCondition(d, type);
      if (!d || !c) return notYet(`no ${type} condition`);
      return c.status === status && (!reason || c.reason === reason) ? met(d) : notYet(`${type}=${c.status} (${c.reason})`);
    },
  };
}

export function claimBound(name: string): Expectation<V1PersistentVolumeClaim> {
  return {
    resource: 'persistentvolumeclaims',
    what: `PersistentVolumeClaim ${name} Bound`,
    evaluate: (objects) => {
      const claim = named<V1PersistentVolumeClaim>(objects, name);
      return claim?.status?.phase === 'Bound' ? met(claim) : notYet(`phase ${claim?.status?.phase ?? 'unknown'}`);
    },
  };
}

interface AutoscalerStatus {
  status?: { currentReplicas?: number; desiredReplicas?: number; currentMetrics?: Array<{ resource?: { name?: string; current?: { averageUtilization?: number } } }> };
}

/** The HPA reads its target's CPU use (metrics-server answers): the value is the utilization in %. */
export function autoscalerReadsCpu(name: string): Expectation<number> {
  return {
    resource: 'horizontalpodautoscalers',
    what: `the HPA ${name} reads the CPU use (metrics-server answers)`,
    evaluate: (objects) => {
      const hpa = named<AutoscalerStatus & { metadata?: { name?: string } }>(objects, name);
      const cpu = hpa?.status?.currentMetrics?.find((m) => m.resource?.name === 'cpu' || m.resource?.name === undefined)?.resource?.current?.averageUtilization;
      return cpu === undefined ? notYet(hpa ? 'no CPU metric yet' : `HPA ${name} not found`) : met(cpu);
    },
  };
}
