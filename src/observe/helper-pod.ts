import type { V1Container, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { retryTransient } from '../kube/retry.js';
import { Informer, met, notYet, type Verdict } from './informer.js';

/** Small and bounded, so a student's quota (class mode) takes kindlab's helper pods beside their own. */
export const helperPodResources = { requests: { cpu: '20m', memory: '16Mi' }, limits: { cpu: '300m', memory: '48Mi' } };

/** What a helper pod is awaited for: its container started (running, or already done), an address, or Ready. */
export type HelperPodUntil = 'started' | 'addressed' | 'ready';

export interface HelperPodOptions {
  client: KubeClient;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** kindlab's demo image (the sampler, the /fetch relay, an HTTP server on 8080). */
  image: string;
  /** Its one container, but for what every helper has (image, pull policy, resources). */
  container: Omit<V1Container, 'image' | 'imagePullPolicy' | 'resources'>;
  /** The rest of the pod's spec (restartPolicy, affinity, a deadline of its own). */
  spec?: Omit<V1PodSpec, 'containers'>;
  /** The pod in words, "the traffic sampler pod": the create's errors and the wait name it. */
  what: string;
  until: HelperPodUntil;
  /** For the pod to be as `until` asks, from its creation. */
  timeoutMs: number;
}

/** A helper pod, as soon as it is asked for: it can be deleted while it still starts. */
export interface HelperPod {
  readonly name: string;
  /** The pod once it is as `until` asks (its address, its node's): else the create's error or a WaitTimeoutError. */
  readonly up: Promise<V1Pod>;
  /** Without grace; a pod already gone, or never created, is no error. */
  delete(): Promise<void>;
}

/**
 * Starts a pod of kindlab's demo image in `namespace` and waits on a watch (never polling) until
 * it is as `until` asks. The pod is the caller's to delete, also one that never came up (what it
 * shows then is the evidence of why).
 */
export function startHelperPod(o: HelperPodOptions): HelperPod {
  const { client, namespace, name } = o;
  return {
    name,
    up: createAndAwait(o),
    delete: () => client.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }).then(() => undefined, () => undefined),
  };
}

async function createAndAwait(o: HelperPodOptions): Promise<V1Pod> {
  const { client, namespace, name } = o;
  const body: V1Pod = {
    metadata: { name, labels: o.labels },
    spec: { terminationGracePeriodSeconds: 0, ...o.spec, containers: [{ ...o.container, image: o.image, imagePullPolicy: 'IfNotPresent', resources: helperPodResources }] },
  };
  await retryTransient(`starting ${o.what} in ${namespace}`, () => client.core.createNamespacedPod({ namespace, body }));
  const pods = new Informer<V1Pod>(client, `/api/v1/namespaces/${namespace}/pods`, { fieldSelector: `metadata.name=${name}` });
  const { words, verdict } = helperPodWaits[o.until];
  try {
    // Progress names the pod by its container: "sampler pod ImagePullBackOff".
    const up = await pods.waitFor((all) => verdict(all.get(`${namespace}/${name}`), `${o.container.name} pod`), { what: `${o.what} ${words}`, timeoutMs: o.timeoutMs });
    return up.value;
  } finally {
    pods.stop();
  }
}

/** Pure, each `until`: how the wait says it, and its verdict on the pod (what it lacks, in words). */
export const helperPodWaits: Record<HelperPodUntil, { words: string; verdict: (pod: V1Pod | undefined, called: string) => Verdict<V1Pod> }> = {
  started: {
    words: 'to start',
    verdict: (pod, called) => {
      const state = pod?.status?.containerStatuses?.[0]?.state;
      if (pod && (state?.running || state?.terminated)) return met(pod);
      return notYet(state?.waiting?.reason ? `${called} ${state.waiting.reason}` : `${called} not started yet`);
    },
  },
  addressed: {
    words: 'to get an address',
    verdict: (pod, called) => (pod?.status?.podIP ? met(pod) : notYet(`${called} ${pod?.status?.phase ?? 'not created'}, no address yet`)),
  },
  ready: {
    words: 'to be Ready',
    verdict: (pod, called) => {
      if (pod?.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) return met(pod);
      return notYet(`${called} ${pod?.status?.containerStatuses?.[0]?.state?.waiting?.reason ?? pod?.status?.phase ?? 'not created'}`);
    },
  },
};
