import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { redact } from '../core/redact.js';
import type { KubeClient } from '../kube/client.js';
import { isPodReady, isTerminating, restartCount } from '../kube/status.js';

/** What kindlab found when something did not happen in time: a likely cause, then the evidence. */
export interface Diagnosis {
  /** The likely cause, in words a student understands. */
  causes: string[];
  pods: PodSummary[];
  events: string[];
  logs: Array<{ pod: string; container: string; lines: string[] }>;
}

export interface PodSummary {
  name: string;
  node: string;
  phase: string;
  ready: boolean;
  restarts: number;
  /** Why containers are not running or ready (reason: message). */
  problems: string[];
}

export interface DiagnoseOptions {
  /** Only pods with this label selector. */
  labelSelector?: string;
  /** Values never to show (e.g. Secret data): replaced by "[redacted]". */
  redact?: string[];
  maxEvents?: number;
  logLines?: number;
}

/** Collects pod states, the namespace's recent events and failing containers' last log lines. */
export async function diagnoseNamespace(client: KubeClient, namespace: string, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const hide = (text: string) => redact(text, options.redact ?? []);
  const [podList, eventList] = await Promise.all([
    client.core.listNamespacedPod({ namespace, ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}) }).catch(() => ({ items: [] as V1Pod[] })),
    client.core.listNamespacedEvent({ namespace }).catch(() => ({ items: [] as CoreV1Event[] })),
  ]);
  const pods = podList.items.map(summarizePod);
  const events = eventList.items
    .sort((a, b) => eventTime(a) - eventTime(b))
    .slice(-(options.maxEvents ?? 15))
    .map((e) => hide(`${e.type ?? ''} ${e.reason ?? ''} ${e.involvedObject.kind ?? ''}/${e.involvedObject.name ?? ''}: ${e.message ?? ''}${(e.count ?? 1) > 1 ? ` (x${e.count})` : ''}`.trim()));
  const logs: Diagnosis['logs'] = [];
  for (const pod of podList.items) {
    for (const status of pod.status?.containerStatuses ?? []) {
      const failing = !status.ready || status.restartCount > 0;
      if (!failing || (!status.state?.running && !status.lastState?.terminated && !status.state?.terminated)) continue;
      const previous = !status.state?.running && status.restartCount > 0;
      const text = await client.core
        .readNamespacedPodLog({ namespace, name: pod.metadata?.name ?? '', container: status.name, tailLines: options.logLines ?? 10, previous })
        .catch(() => '');
      if (text) logs.push({ pod: pod.metadata?.name ?? '', container: status.name, lines: hide(String(text)).trimEnd().split('\n') });
    }
  }
  return { causes: likelyCauses(podList.items, eventList.items).map(hide), pods, events, logs };
}

export function summarizePod(pod: V1Pod): PodSummary {
  const problems: string[] = [];
  for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
    const waiting = status.state?.waiting;
    const terminated = status.state?.terminated ?? status.lastState?.terminated;
    if (waiting?.reason) problems.push(`${status.name}: ${waiting.reason}${waiting.message ? ` - ${waiting.message}` : ''}`);
    else if (terminated?.reason && !status.ready) problems.push(`${status.name}: last exit ${terminated.reason} (code ${terminated.exitCode})`);
    else if (status.state?.running && !status.ready) problems.push(`${status.name}: running but not ready`);
  }
  for (const condition of pod.status?.conditions ?? []) {
    if (condition.type === 'PodScheduled' && condition.status === 'False') problems.push(`not scheduled: ${condition.reason ?? ''} ${condition.message ?? ''}`.trim());
  }
  return {
    name: pod.metadata?.name ?? '',
    node: pod.spec?.nodeName ?? '',
    phase: isTerminating(pod) ? 'Terminating' : (pod.status?.phase ?? 'Unknown'),
    ready: isPodReady(pod),
    restarts: restartCount(pod),
    problems,
  };
}

/** Maps the usual symptoms to their cause, in plain words. */
export function likelyCauses(pods: V1Pod[], events: CoreV1Event[]): string[] {
  const causes = new Set<string>();
  for (const pod of pods) {
    for (const status of pod.status?.containerStatuses ?? []) {
      const reason = status.state?.waiting?.reason ?? '';
      if (reason === 'ErrImagePull' || reason === 'ImagePullBackOff' || reason === 'ErrImageNeverPull') {
        causes.add(`image "${status.image}" is not present in the cluster and cannot be pulled (no registry here): check the tag, or load it with \`kindlab up\``);
      } else if (reason === 'CrashLoopBackOff') {
        causes.add(`container "${status.name}" keeps crashing (CrashLoopBackOff): its last log lines below say why`);
      } else if (reason === 'CreateContainerConfigError') {
        causes.add(`container "${status.name}" cannot be configured: ${status.state?.waiting?.message ?? 'a ConfigMap or Secret it uses is missing'}`);
      }
      if (status.lastState?.terminated?.reason === 'OOMKilled') {
        causes.add(`container "${status.name}" used more memory than its limit and was OOMKilled: raise resources.limits.memory`);
      }
    }
    for (const condition of pod.status?.conditions ?? []) {
      if (condition.type === 'PodScheduled' && condition.status === 'False' && condition.reason === 'Unschedulable') {
        causes.add(`no node can run pod ${pod.metadata?.name}: ${condition.message ?? 'unschedulable'}`);
      }
    }
  }
  // With a selector, events of other pods (e.g. an earlier step's) are not this wait's causes.
  const shown = new Set(pods.map((p) => p.metadata?.name));
  const relevant = events.filter((e) => e.involvedObject.kind !== 'Pod' || shown.has(e.involvedObject.name));
  const provisioned = new Set(relevant.filter((e) => e.reason === 'ProvisioningSucceeded').map((e) => e.involvedObject.name));
  for (const event of relevant) {
    if (event.reason === 'Unhealthy' && /Readiness probe failed/.test(event.message ?? '')) {
      causes.add(`the readiness probe of ${event.involvedObject.name} fails, so it receives no traffic: ${firstLine(event.message)}`);
    }
    if (event.reason === 'Unhealthy' && /Liveness probe failed/.test(event.message ?? '')) {
      causes.add(`the liveness probe of ${event.involvedObject.name} fails, so the kubelet restarts it: ${firstLine(event.message)}`);
    }
    if (event.reason === 'ProvisioningFailed' || event.reason === 'FailedBinding') {
      causes.add(`the volume claim ${event.involvedObject.name} is not bound: ${firstLine(event.message)}`);
    }
    if ((event.reason === 'Provisioning' || event.reason === 'ExternalProvisioning') && !provisioned.has(event.involvedObject.name)) {
      causes.add(`the volume claim ${event.involvedObject.name} still waits for its volume: the storage provisioner has not created it (look at the provisioner's helper pods in its namespace)`);
    }
    if (event.reason === 'FailedMount') causes.add(`a volume of ${event.involvedObject.name} cannot be mounted: ${firstLine(event.message)}`);
  }
  return [...causes];
}

export function formatDiagnosis(d: Diagnosis): string {
  const lines: string[] = [];
  if (d.causes.length) lines.push('likely cause:', ...d.causes.map((c) => `  - ${c}`));
  if (d.pods.length) {
    lines.push('pods:');
    for (const p of d.pods) {
      lines.push(`  ${p.name} ${p.phase}${p.ready ? ' ready' : ' not-ready'} restarts=${p.restarts}${p.node ? ` node=${p.node}` : ''}`);
      for (const problem of p.problems) lines.push(`    ${problem}`);
    }
  }
  if (d.events.length) lines.push('recent events:', ...d.events.map((e) => `  ${e}`));
  for (const log of d.logs) lines.push(`logs of ${log.pod}/${log.container}:`, ...log.lines.map((l) => `  | ${l}`));
  return lines.join('\n');
}

function eventTime(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  return t ? new Date(t as unknown as string).getTime() : 0;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n')[0] ?? '';
}
