import type { KubernetesObject } from '@kubernetes/client-node';
import { met, notYet, type Expectation } from './expectation.js';

interface EndpointSliceLike extends KubernetesObject {
  endpoints?: Array<{ conditions?: { ready?: boolean }; targetRef?: { name?: string } }>;
}

/** The pods a Service currently sends traffic to (ready endpoints of its EndpointSlices). */
export function readyEndpointPods(objects: KubernetesObject[], service: string): string[] {
  return (objects as EndpointSliceLike[])
    .filter((s) => s.metadata?.labels?.['kubernetes.io/service-name'] === service)
    .flatMap((s) => s.endpoints ?? [])
    .filter((e) => e.conditions?.ready !== false)
    .map((e) => e.targetRef?.name ?? '')
    .filter(Boolean)
    .sort();
}

function onEndpoints(service: string, what: string, test: (pods: string[]) => true | string): Expectation<string[]> {
  return {
    resource: 'endpointslices',
    what,
    evaluate: (objects) => {
      const pods = readyEndpointPods(objects, service);
      const verdict = test(pods);
      return verdict === true ? met(pods) : notYet(verdict);
    },
  };
}

export function endpointsAre(service: string, pods: string[]): Expectation<string[]> {
  const want = [...pods].sort().join(',');
  return onEndpoints(service, `Service ${service} sends traffic to exactly ${pods.length} pod(s)`, (have) => (have.join(',') === want ? true : `ready endpoints: [${have.join(' ')}]`));
}

export function endpointsExclude(service: string, pod: string): Expectation<string[]> {
  return onEndpoints(service, `Service ${service} no longer sends traffic to ${pod}`, (have) =>
    have.includes(pod) ? `${pod} is still a ready endpoint` : have.length > 0 ? true : 'no ready endpoint at all',
  );
}

export function endpointsCount(service: string, count: number): Expectation<string[]> {
  return onEndpoints(service, `Service ${service} has ${count} ready endpoint(s)`, (have) => (have.length === count ? true : `${have.length} ready endpoint(s): [${have.join(' ')}]`));
}
