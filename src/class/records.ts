import { gunzipSync, gzipSync } from 'node:zlib';
import type { V1ConfigMap } from '@kubernetes/client-node';
import type { GradeResult } from '../grade/grade.js';
import { applyOne } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { classLabel, recordLabel, studentLabel } from './objects.js';

/**
 * A grade, kept in the cluster (the class's store): a ConfigMap. A student's own grade lives in their
 * namespace and is marked self-reported (they could write anything there); the instructor's lives in
 * the instructor's namespace, which students cannot write to.
 */
export interface GradeRecord {
  class: string;
  student: string;
  exercise: string;
  by: 'self' | 'instructor';
  ok: boolean;
  at: string;
  durationMs: number;
  /** The failed checks' names, or the refusal. */
  failed: string[];
  /** The first figure measured, e.g. "update_failed_requests = 0 requests". */
  figure?: string;
  /** The grade's whole result is kept beside the record (the page links to its HTML report). Read from the object, never from the JSON. */
  report?: boolean;
}

/** The grade's result, gzipped, in the record's binaryData: what the page's report is made from. */
export const reportKey = 'report.json.gz';
/** Well under a ConfigMap's 1 MiB, with the record beside it. */
const maxPackedBytes = 512 * 1024;
/** What a stored report may inflate to: a student writes their own records (no gzip bomb). */
const maxUnpackedBytes = 16 * 1024 * 1024;

/** The result gzipped to fit: the text journal goes first, then the timeline's data; undefined if even that is too big. */
export function packReport(result: GradeResult): Buffer | undefined {
  const lab = result.lab;
  const versions = [result, ...(lab ? [{ ...result, lab: { ...lab, timeline: [] } }, { ...result, lab: { ...lab, timeline: [], events: [] } }] : [])];
  for (const version of versions) {
    const packed = gzipSync(JSON.stringify(version));
    if (packed.length <= maxPackedBytes) return packed;
  }
  return undefined;
}

/** A stored result read back, bounded; undefined if it is not one (anyone in the namespace may have written it). */
export function unpackReport(cm: V1ConfigMap): GradeResult | undefined {
  const packed = cm.binaryData?.[reportKey];
  if (!packed) return undefined;
  try {
    const result = JSON.parse(gunzipSync(Buffer.from(packed, 'base64'), { maxOutputLength: maxUnpackedBytes }).toString('utf8')) as GradeResult;
    return result && typeof result === 'object' && typeof result.exercise?.id === 'string' ? result : undefined;
  } catch {
    return undefined;
  }
}

export const exerciseLabel = 'kindlab.dev/exercise';

export function recordName(record: Pick<GradeRecord, 'by' | 'student' | 'exercise'>): string {
  return record.by === 'self' ? `kindlab-grade-${record.exercise}` : `grade-${record.student}-${record.exercise}`;
}

export async function writeRecord(client: KubeClient, namespace: string, record: GradeRecord, result?: GradeResult): Promise<void> {
  const report = result ? packReport(result) : undefined;
  const object = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: recordName(record),
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'kindlab', [classLabel]: record.class, [studentLabel]: record.student, [exerciseLabel]: record.exercise, [recordLabel]: record.by },
    },
    data: { record: JSON.stringify(record) },
    ...(report ? { binaryData: { [reportKey]: report.toString('base64') } } : {}),
  };
  await applyOne(client, { object, origin: 'kindlab grade record' }, { manager: 'kindlab-record' });
}

/**
 * A record read back (a watch event, a list); undefined for a ConfigMap that is not one. A student
 * can write any JSON in their namespace: each field is checked for its type and bounded, an
 * exercise id must look like one, and nothing else is kept.
 */
export function readRecord(cm: V1ConfigMap): GradeRecord | undefined {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(cm.data?.record ?? '') as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const text = (v: unknown, max = 200) => (typeof v === 'string' ? v.slice(0, max) : '');
  const exercise = text(raw.exercise, 50);
  const student = text(raw.student, 63);
  if (!student || !/^[a-z][a-z0-9-]{1,40}$/.test(exercise)) return undefined;
  const figure = text(raw.figure);
  return {
    class: text(raw.class, 63),
    student,
    exercise,
    by: raw.by === 'instructor' ? 'instructor' : 'self',
    ok: raw.ok === true,
    at: text(raw.at, 40),
    durationMs: typeof raw.durationMs === 'number' && Number.isFinite(raw.durationMs) ? raw.durationMs : 0,
    failed: Array.isArray(raw.failed) ? raw.failed.slice(0, 20).map((f) => text(f)) : [],
    ...(figure ? { figure } : {}),
    ...(cm.binaryData?.[reportKey] ? { report: true } : {}),
  };
}
