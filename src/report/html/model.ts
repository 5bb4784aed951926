import type { TimelineEntry } from '../../observe/timeline.js';
import type { LabResult } from '../../runner/results.js';

/**
 * What the HTML report draws for one lab, derived from its recorded timeline (`LabResult.events`).
 * Pure: times are milliseconds from the lab's start, clamped to the chart.
 */
export interface LabModel {
  /** The chart's length (ms): to the last entry recorded (the cleanup after it draws nothing); the lab's duration without any. */
  end: number;
  actions: ActionMark[];
  pods: PodLane[];
  /** The pods beyond the lanes' cap, drawn as one lane. */
  morePods?: { count: number; from: number; to: number };
  traffic: TrafficBar[];
  /** The width of one traffic bar (1000: one second). */
  bucketMs: number;
  /** Versions that answered, in the order they first did. */
  versions: string[];
  downtime: DowntimeBand[];
  checks: CheckMark[];
}

/** Where a pod is in its life: created → scheduled → running → ready → terminating (→ deleted). */
export type PodPhase = 'created' | 'scheduled' | 'running' | 'ready' | 'problem' | 'terminating' | 'succeeded' | 'failed' | 'unknown';

export interface PodSegment {
  phase: PodPhase;
  from: number;
  to: number;
  /** The state line that opened it (e.g. "Running ready node=kindlab-worker"). */
  state: string;
}

export interface PodLane {
  name: string;
  segments: PodSegment[];
  /** When the restart count went up, and to what. */
  restarts: Array<{ at: number; count: number }>;
  deleted: number[];
  /** Kubernetes Warning events about this pod. */
  warnings: Array<{ at: number; reason: string; message: string }>;
}

export interface TrafficBar {
  from: number;
  to: number;
  ok: number;
  failed: number;
  /** Answers by version, in the lab's version order. */
  versions: Array<[version: string, count: number]>;
  pods: string[];
}

export interface DowntimeBand {
  from: number;
  to: number;
  failed: number;
}

export interface CheckMark {
  name: string;
  passed: boolean;
  detail: string;
  /** When it was decided. */
  at: number;
  /** When its wait started (`at` for an immediate check). */
  from: number;
  /** Its deadline, from the same start; absent when it had none. */
  deadline?: number;
}

export interface ActionMark {
  at: number;
  what: string;
}

export const limits = { podLanes: 30, trafficBars: 300, warningsPerPod: 40 };

/** The model of a lab's timeline; an empty one when the result holds no `events`. */
export function labModel(lab: LabResult): LabModel {
  const start = Date.parse(lab.startedAt);
  const entries = [...(lab.events ?? [])].sort((a, b) => a.at - b.at);
  const last = entries.reduce((max, e) => Math.max(max, e.at - start, e.kind === 'downtime' ? e.to - start : 0), 0);
  const end = entries.length ? Math.max(last * 1.02, last + 500) : Math.max(lab.durationMs, 1);
  const rel = (at: number) => Math.min(Math.max(at - start, 0), end);
  const { lanes, more } = podLanes(entries, rel, Math.min(last, end));
  const traffic = trafficBars(entries, rel, end);
  return {
    end,
    actions: entries.flatMap((e) => (e.kind === 'action' ? [{ at: rel(e.at), what: e.what }] : [])),
    pods: lanes,
    ...(more ? { morePods: more } : {}),
    ...traffic,
    downtime: downtimeBands(entries, rel),
    checks: checkMarks(entries, rel),
  };
}

/** The phase a podState line (src/observe/conditions.ts) describes. */
export function podPhase(state: string): PodPhase {
  const [phase = '', readiness = '', ...rest] = state.split(' ');
  if (phase === 'Terminating') return 'terminating';
  if (phase === 'Succeeded') return 'succeeded';
  if (phase === 'Failed') return 'failed';
  const waiting = rest.find((t) => t && !t.includes('='));
  if (waiting && waiting !== 'ContainerCreating' && waiting !== 'PodInitializing') return 'problem';
  if (phase === 'Running') return readiness === 'ready' ? 'ready' : 'running';
  if (phase === 'Pending') return rest.some((t) => t.startsWith('node=')) ? 'scheduled' : 'created';
  return 'unknown';
}

function restartsOf(state: string): number {
  return Number(/(?:^| )restarts=(\d+)/.exec(state)?.[1] ?? 0);
}

type Rel = (at: number) => number;

/**
 * One lane per pod, in the order they appeared: a segment per phase, restarts, deletions, warnings.
 * A pod still there at the end is drawn until `observed`, the last thing recorded (not the cleanup).
 */
export function podLanes(entries: readonly TimelineEntry[], rel: Rel, observed: number, cap = limits.podLanes): { lanes: PodLane[]; more?: LabModel['morePods'] } {
  const lanes = new Map<string, PodLane>();
  const open = new Map<string, PodSegment>();
  const restarts = new Map<string, number>();
  const laneOf = (name: string) => {
    let lane = lanes.get(name);
    if (!lane) lanes.set(name, (lane = { name, segments: [], restarts: [], deleted: [], warnings: [] }));
    return lane;
  };
  for (const e of entries) {
    if (e.kind === 'event' && e.type === 'Warning' && e.object.startsWith('Pod/')) {
      const lane = lanes.get(e.object.slice(4));
      if (lane && lane.warnings.length < limits.warningsPerPod) lane.warnings.push({ at: rel(e.at), reason: e.reason, message: e.message });
    }
    if (e.kind !== 'object' || e.resource !== 'Pod') continue;
    const t = rel(e.at);
    const lane = laneOf(e.name);
    const current = open.get(e.name);
    if (e.change === 'DELETED') {
      if (current) current.to = t;
      open.delete(e.name);
      restarts.delete(e.name);
      lane.deleted.push(t);
      continue;
    }
    const phase = podPhase(e.state);
    if (current?.phase !== phase) {
      if (current) current.to = t;
      const segment = { phase, from: t, to: Math.max(observed, t), state: e.state };
      lane.segments.push(segment);
      open.set(e.name, segment);
    }
    const count = restartsOf(e.state);
    const before = restarts.get(e.name);
    if (before !== undefined && count > before) lane.restarts.push({ at: t, count });
    restarts.set(e.name, count);
  }
  const all = [...lanes.values()];
  if (all.length <= cap) return { lanes: all };
  const rest = all.slice(cap - 1);
  const times = rest.flatMap((l) => [...l.segments.flatMap((s) => [s.from, s.to]), ...l.deleted]);
  return { lanes: all.slice(0, cap - 1), more: { count: rest.length, from: Math.min(...times), to: Math.max(...times) } };
}

/** Answers and failures per second (per wider bucket on a long lab, at most `maxBars`), stacked by version. */
export function trafficBars(entries: readonly TimelineEntry[], rel: Rel, end: number, maxBars = limits.trafficBars): Pick<LabModel, 'traffic' | 'bucketMs' | 'versions'> {
  const bucketMs = 1000 * Math.max(1, Math.ceil(end / 1000 / maxBars));
  const buckets = new Map<number, { ok: number; failed: number; versions: Map<string, number>; pods: Set<string> }>();
  const versions: string[] = [];
  for (const e of entries) {
    if (e.kind !== 'traffic') continue;
    const index = Math.floor(rel(e.at) / bucketMs);
    let b = buckets.get(index);
    if (!b) buckets.set(index, (b = { ok: 0, failed: 0, versions: new Map(), pods: new Set() }));
    b.ok += e.ok;
    b.failed += e.failed;
    for (const [version, count] of Object.entries(e.versions)) {
      if (!versions.includes(version)) versions.push(version);
      b.versions.set(version, (b.versions.get(version) ?? 0) + count);
    }
    for (const pod of e.pods) b.pods.add(pod);
  }
  const traffic = [...buckets]
    .sort(([a], [b]) => a - b)
    .map(([index, b]) => ({
      from: index * bucketMs,
      to: (index + 1) * bucketMs,
      ok: b.ok,
      failed: b.failed,
      versions: versions.filter((v) => b.versions.has(v)).map((v): [string, number] => [v, b.versions.get(v)!]),
      pods: [...b.pods],
    }));
  return { traffic, bucketMs, versions };
}

/** The windows without a successful answer, once each (a window recorded twice is one), in order. */
export function downtimeBands(entries: readonly TimelineEntry[], rel: Rel): DowntimeBand[] {
  const seen = new Set<string>();
  const bands: DowntimeBand[] = [];
  for (const e of entries) {
    if (e.kind !== 'downtime') continue;
    const key = `${e.at}/${e.to}/${e.failed}`;
    if (seen.has(key)) continue;
    seen.add(key);
    bands.push({ from: rel(e.at), to: rel(Math.max(e.to, e.at)), failed: e.failed });
  }
  return bands.sort((a, b) => a.from - b.from);
}

/** Each check: when its wait started, when it was decided, and its deadline. */
export function checkMarks(entries: readonly TimelineEntry[], rel: Rel): CheckMark[] {
  return entries.flatMap((e) => {
    if (e.kind !== 'check') return [];
    const at = rel(e.at);
    const from = Math.max(0, at - (e.durationMs ?? 0));
    return [{ name: e.name, passed: e.passed, detail: e.detail, at, from, ...(e.deadlineMs ? { deadline: from + e.deadlineMs } : {}) }];
  });
}
