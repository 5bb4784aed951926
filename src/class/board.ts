import type { CoreV1Event, KubernetesObject, V1ConfigMap, V1Namespace, V1Pod } from '@kubernetes/client-node';
import type { KubeClient } from '../kube/client.js';
import { leasesPath, liveHolder, type LeaseObject } from '../kube/lease.js';
import { isPodReady, restartCount } from '../kube/status.js';
import { Informer } from '../observe/informer.js';
import { systemNamespace } from '../runner/coordination.js';
import { classLabel, instructorNamespace, recordLabel, studentLabel } from './objects.js';
import type { GradeResult } from '../grade/grade.js';
import { readRecord, unpackReport, type GradeRecord } from './records.js';

/** One student's row on the instructor's page. */
export interface StudentRow {
  id: string;
  name: string;
  namespace: string;
  /** Exercise id → the grade: the instructor's when there is one, else the student's own (self-reported). */
  grades: Record<string, GradeRecord>;
  /** Exercises being graded right now (a run's heartbeat in the namespace). */
  running: string[];
  pods: { total: number; ready: number; restarts: number; crashLooping: number; pendingForQuota: boolean };
  /** When something of theirs last changed (ms since epoch). */
  lastChange: number;
  stuck: string | undefined;
}

export interface BoardOptions {
  className: string;
  /** Idle this long (no change at all) counts as stuck. */
  idleMs: number;
}

/**
 * The class as watches see it, with no polling: namespaces (the roster), grade records, pods,
 * quota refusals and runs in progress. Each change recomputes the rows it touches and tells the
 * listeners (the page's server-sent events).
 */
export class ClassBoard {
  private readonly informers: Array<Informer<KubernetesObject>> = [];
  private readonly namespaces: Informer<V1Namespace>;
  private readonly records: Informer<V1ConfigMap>;
  private readonly pods: Informer<V1Pod>;
  private readonly events: Informer<CoreV1Event>;
  private readonly leases: Informer<LeaseObject>;
  private readonly lastChange = new Map<string, number>();
  private readonly listeners = new Set<(row: StudentRow) => void>();

  constructor(
    client: KubeClient,
    private readonly o: BoardOptions,
  ) {
    const track = <T extends KubernetesObject>(informer: Informer<T>) => {
      this.informers.push(informer as unknown as Informer<KubernetesObject>);
      informer.subscribe((e) => this.changed(e.object.metadata?.namespace ?? '', e.receivedAt, e.object));
      return informer;
    };
    this.namespaces = track(new Informer<V1Namespace>(client, '/api/v1/namespaces', { labelSelector: `${classLabel}=${o.className},${studentLabel}` }));
    this.records = track(new Informer<V1ConfigMap>(client, '/api/v1/configmaps', { labelSelector: `${classLabel}=${o.className},kindlab.dev/record` }));
    this.pods = track(new Informer<V1Pod>(client, '/api/v1/pods'));
    this.events = track(new Informer<CoreV1Event>(client, '/api/v1/events', { fieldSelector: 'reason=FailedCreate' }));
    this.leases = track(new Informer<LeaseObject>(client, leasesPath(), { labelSelector: 'kindlab.dev/heartbeat=true' }));
  }

  async ready(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.ready()));
  }

  subscribe(listener: (row: StudentRow) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  rows(now = Date.now()): StudentRow[] {
    return [...this.namespaces.objects.values()].map((ns) => this.row(ns, now)).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The stored result of the grade the page shows for this student and exercise (trusted as that grade is). */
  report(student: string, exercise: string): GradeResult | undefined {
    const ns = [...this.namespaces.objects.values()].find((n) => n.metadata?.labels?.[studentLabel] === student);
    if (!ns?.metadata?.name) return undefined;
    const kept = trustedRecords([...this.records.objects.values()], { className: this.o.className, student, namespace: ns.metadata.name })[exercise];
    return kept ? unpackReport(kept.cm) : undefined;
  }

  stop(): void {
    for (const informer of this.informers) informer.stop();
    this.listeners.clear();
  }

  private changed(namespace: string, at: number, object: KubernetesObject): void {
    // An instructor's record lives in the instructor's namespace, and is about the student it names
    // (only kindlab writes there); anything else is about the namespace it is in.
    const student = object.metadata?.labels?.[studentLabel];
    const about = object.metadata?.labels?.['kindlab.dev/namespace'];
    const target =
      object.kind === 'Namespace' ? (object.metadata?.name ?? '') : namespace === instructorNamespace(this.o.className) && student ? `kl-${student}` : namespace === systemNamespace && about ? about : namespace;
    const ns = this.namespaces.objects.get(`/${target}`);
    if (!ns) return;
    this.lastChange.set(target, at);
    const row = this.row(ns, Date.now());
    for (const listener of [...this.listeners]) listener(row);
  }

  private row(ns: V1Namespace, now: number): StudentRow {
    const namespace = ns.metadata?.name ?? '';
    const id = ns.metadata?.labels?.[studentLabel] ?? namespace;
    const grades = gradesOf([...this.records.objects.values()], { className: this.o.className, student: id, namespace });
    const pods = [...this.pods.objects.values()].filter((p) => p.metadata?.namespace === namespace && p.metadata?.labels?.['kindlab.dev/role'] !== 'sampler');
    const quota = [...this.events.objects.values()].some((e) => e.metadata?.namespace === namespace && /exceeded quota/.test(e.message ?? '') && now - eventTime(e) < 120_000);
    // The instructor's grading keeps its heartbeat in kindlab-system, naming the namespace it grades.
    const running = [...this.leases.objects.values()].filter((l) => (l.metadata.namespace === namespace || (l.metadata.namespace === systemNamespace && l.metadata.labels?.['kindlab.dev/namespace'] === namespace)) && liveHolder(l, now)).map((l) => l.metadata.labels?.['kindlab.dev/lab'] ?? '?');
    const lastChange = this.lastChange.get(namespace) ?? (Date.parse(String(ns.metadata?.creationTimestamp ?? '')) || now);
    const row: StudentRow = {
      id,
      name: ns.metadata?.annotations?.['kindlab.dev/student-name'] ?? id,
      namespace,
      grades,
      running,
      pods: {
        total: pods.length,
        ready: pods.filter(isPodReady).length,
        restarts: pods.reduce((n, p) => n + restartCount(p), 0),
        crashLooping: pods.filter((p) => p.status?.containerStatuses?.some((s) => s.state?.waiting?.reason === 'CrashLoopBackOff')).length,
        pendingForQuota: quota,
      },
      lastChange,
      stuck: undefined,
    };
    row.stuck = stuckReason(row, now, this.o.idleMs);
    return row;
  }
}

/** Why a student looks stuck: a failing grade, a crash loop, the quota, or no change for a while. */
export function stuckReason(row: StudentRow, now: number, idleMs: number): string | undefined {
  const failing = Object.values(row.grades).filter((g) => !g.ok).map((g) => g.exercise);
  if (failing.length) return `failing: ${failing.join(', ')}`;
  if (row.pods.crashLooping) return `${row.pods.crashLooping} pod(s) in CrashLoopBackOff`;
  if (row.pods.pendingForQuota) return 'pods refused: quota exceeded';
  if (!row.running.length && now - row.lastChange > idleMs) return `idle for ${Math.round((now - row.lastChange) / 60_000)} min`;
  return undefined;
}

function eventTime(e: CoreV1Event): number {
  const t = e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp;
  return t ? new Date(t as unknown as string).getTime() : 0;
}

/**
 * A student's grades, trusted by where each record is, never by what it says: the instructor's
 * only from the instructor's namespace (only kindlab writes there), a self-reported one only from
 * the student's own namespace, and then about that student and marked "self" whatever it claims.
 * A self-reported grade never replaces the instructor's (its time is the student's to write).
 */
export function gradesOf(records: V1ConfigMap[], where: { className: string; student: string; namespace: string }): Record<string, GradeRecord> {
  return Object.fromEntries(Object.entries(trustedRecords(records, where)).map(([exercise, kept]) => [exercise, kept.record]));
}

/** The same choice, with the object each grade was read from (its stored report). */
export function trustedRecords(records: V1ConfigMap[], where: { className: string; student: string; namespace: string }): Record<string, Kept> {
  const instructor: Record<string, Kept> = {};
  const self: Record<string, Kept> = {};
  for (const cm of records) {
    const record = readRecord(cm);
    if (!record || typeof record.exercise !== 'string') continue;
    if (cm.metadata?.namespace === instructorNamespace(where.className)) {
      if (record.student !== where.student || cm.metadata.labels?.[recordLabel] !== 'instructor') continue;
      keepLatest(instructor, { record: { ...record, by: 'instructor' }, cm });
    } else if (cm.metadata?.namespace === where.namespace) {
      keepLatest(self, { record: { ...record, class: where.className, student: where.student, by: 'self' }, cm });
    }
  }
  return { ...self, ...instructor };
}

interface Kept {
  record: GradeRecord;
  cm: V1ConfigMap;
}

function keepLatest(grades: Record<string, Kept>, kept: Kept): void {
  const known = grades[kept.record.exercise];
  if (!known || String(kept.record.at) > String(known.record.at)) grades[kept.record.exercise] = kept;
}
