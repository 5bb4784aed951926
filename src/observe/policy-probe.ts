import { randomBytes } from 'node:crypto';
import type { V1Namespace, V1NetworkPolicy } from '@kubernetes/client-node';
import { messageOf } from '../core/errors.js';
import { waitFor, WaitTimeoutError, type Met } from '../core/wait.js';
import type { KubeClient } from '../kube/client.js';
import { sendJson } from '../kube/raw.js';
import { retryTransient } from '../kube/retry.js';
import { startHelperPod } from './helper-pod.js';
import { met, notYet, type Verdict } from './informer.js';
import { PodSampler } from './pod-sampler.js';
import type { Sample } from './sampler.js';

export const probeLabels = { 'app.kubernetes.io/managed-by': 'kindlab', 'kindlab.dev/probe': 'network-policy' };

export interface PolicyProbeOptions {
  /** kindlab's demo image: it serves HTTP on 8080 and is the in-cluster sampler (`demo sample`). */
  image: string;
  /** For the two pods to start and a first connection to pass, with no policy yet. */
  startTimeoutMs?: number;
  /** For connections to be denied, from the policy's creation. */
  denyTimeoutMs?: number;
  /** Each connection's own timeout: a dropped connection fails after this long. */
  connectTimeoutMs?: number;
}

export type PolicyProbeResult =
  /** deniedAfterMs: from the policy's creation to the first connection it denied (when that one was sent). */
  | { outcome: 'enforced'; deniedAfterMs: number; error: string; namespace: string }
  | { outcome: 'not-enforced' | 'inconclusive'; why: string; namespace: string };

/**
 * Measures whether the cluster enforces NetworkPolicy, as a student's policy would meet it: in a
 * namespace of its own, a client pod (the demo sampler, 20 new connections a second) reaches a
 * server pod by its address; then a deny-all-ingress policy is created, and the connections
 * sent from then on must fail, within a deadline. The namespace is deleted afterwards, also on
 * failure. Pod clocks are the host's (kind's nodes share its kernel), so send times compare.
 */
export async function probeNetworkPolicy(client: KubeClient, options: PolicyProbeOptions): Promise<PolicyProbeResult> {
  const o = { startTimeoutMs: 60_000, denyTimeoutMs: 10_000, connectTimeoutMs: 1000, ...options };
  await removeStaleProbes(client);
  const namespace = `kindlab-netpol-probe-${randomBytes(3).toString('hex')}`;
  await retryTransient(`creating namespace ${namespace}`, () => client.core.createNamespace({ body: { metadata: { name: namespace, labels: probeLabels } } }));
  const listeners = new Set<() => void>();
  let sampler: PodSampler | undefined;
  let phase: 'start' | 'deny' = 'start';
  try {
    const server = await startHelperPod({
      client, namespace, name: 'server', labels: { ...probeLabels, 'kindlab.dev/role': 'probe-server' }, image: o.image,
      container: { name: 'server', ports: [{ containerPort: 8080 }] },
      what: 'the probe\'s server pod', until: 'addressed', timeoutMs: o.startTimeoutMs,
    }).up;
    // The client on another node when there is one: the packets then cross the pod network.
    sampler = new PodSampler({
      client, namespace, image: o.image, url: `http://${server.status!.podIP}:8080/`, ratePerSecond: 20, maxDurationMs: 2 * 60_000, timeoutMs: o.connectTimeoutMs,
      ...(server.spec?.nodeName ? { avoidNode: server.spec.nodeName } : {}),
      onSample: () => listeners.forEach((l) => l()),
    }).start();
    const samples = sampler.samples;
    const onSamples = <V>(what: string, timeoutMs: number, verdict: () => Verdict<V>): Promise<Met<V>> =>
      waitFor<V>({ what, timeoutMs }, (progress) => {
        const check = () => {
          const v = verdict();
          if (v.met) progress.met(v.value);
          else progress.pending(v.why);
        };
        listeners.add(check);
        check();
        return () => listeners.delete(check);
      });
    await onSamples('a first connection from the probe\'s client to its server, with no policy', o.startTimeoutMs, () =>
      samples.some((s) => s.ok) ? met(undefined) : notYet(samples.length ? `${samples.length} connections failed (${samples.at(-1)?.error ?? samples.at(-1)?.status})` : 'no connection yet'),
    );
    phase = 'deny';
    const policyAt = Date.now();
    await client.objects.create(denyAllIngress(namespace));
    const denied = await onSamples('connections denied by a deny-all-ingress policy', o.denyTimeoutMs, () => {
      const first = denialOf(samples, policyAt);
      return first ? met(first) : notYet(pendingDenial(samples, policyAt));
    });
    return { outcome: 'enforced', deniedAfterMs: Math.max(0, denied.value.at - policyAt), error: denied.value.error ?? `HTTP ${denied.value.status}`, namespace };
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) return { outcome: 'inconclusive', why: messageOf(error), namespace };
    if (phase === 'start') return { outcome: 'inconclusive', why: error.message, namespace };
    return { outcome: 'not-enforced', why: `${Math.round(o.denyTimeoutMs / 1000)} s after a deny-all-ingress policy, ${error.lastMismatch}`, namespace };
  } finally {
    await sampler?.stop({ abandon: true });
    await removeProbe(client, namespace);
  }
}

/** How many denied connections in a row make the verdict: one could be a lost packet. */
export const deniedInARow = 3;

/**
 * The first connection the policy denied: among those sent after it was created (by send time),
 * the first of `deniedInARow` or more failures with no success sent after them. Samples arrive
 * when answered; a success (milliseconds) is in long before a dropped connection times out.
 */
export function denialOf(samples: readonly Sample[], policyAt: number, inARow = deniedInARow): Sample | undefined {
  const after = samples.filter((s) => s.at >= policyAt).sort((a, b) => a.at - b.at);
  const failed = after.slice(after.findLastIndex((s) => s.ok) + 1);
  return failed.length >= inARow ? failed[0] : undefined;
}

/** What the wait for a denial sees instead, in words. */
export function pendingDenial(samples: readonly Sample[], policyAt: number): string {
  const after = samples.filter((s) => s.at >= policyAt);
  const passed = after.filter((s) => s.ok).sort((a, b) => a.at - b.at);
  if (after.length === 0) return 'no connection answered since the policy was created';
  if (passed.length === 0) return `${after.length} connections failed since the policy, not yet ${deniedInARow} in a row`;
  return `${passed.length} of ${after.length} connections since the policy passed, the last one sent ${passed.at(-1)!.at - policyAt} ms after it`;
}

/** Selects every pod of the namespace and allows no ingress: what a class's own policy starts from. */
export function denyAllIngress(namespace: string): V1NetworkPolicy {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny-all-ingress', namespace }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
}

/** Pods first, without grace (their 30 s would hold the namespace); then the namespace, not waited for. */
async function removeProbe(client: KubeClient, namespace: string): Promise<void> {
  await sendJson(client, 'DELETE', `/api/v1/namespaces/${namespace}/pods`, { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 }).catch(() => undefined);
  await retryTransient(`deleting namespace ${namespace}`, () => client.core.deleteNamespace({ name: namespace })).catch(() => undefined);
}

/** Probe namespaces left by a doctor that was killed: a probe takes seconds, these are minutes old. */
async function removeStaleProbes(client: KubeClient, now = Date.now()): Promise<void> {
  const selector = Object.entries(probeLabels).map(([k, v]) => `${k}=${v}`).join(',');
  const list = await client.core.listNamespace({ labelSelector: selector }).catch(() => ({ items: [] as V1Namespace[] }));
  const stale = list.items.filter((ns) => !ns.metadata?.deletionTimestamp && now - new Date(ns.metadata?.creationTimestamp ?? now).getTime() > 5 * 60_000);
  await Promise.all(stale.map((ns) => removeProbe(client, ns.metadata!.name!)));
}
