import type { V1ConfigMap } from '@kubernetes/client-node';
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
}

export const exerciseLabel = 'kindlab.dev/exercise';

export function recordName(record: Pick<GradeRecord, 'by' | 'student' | 'exercise'>): string {
  return record.by === 'self' ? `kindlab-grade-${record.exercise}` : `grade-${record.student}-${record.exercise}`;
}

export async function writeRecord(client: KubeClient, namespace: string, record: GradeRecord): Promise<void> {
  const object = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: recordName(record),
      namespace,
      labels: { 'app.kubernetes.io/managed-by': 'kindlab', [classLabel]: record.class, [studentLabel]: record.student, [exerciseLabel]: record.exercise, [recordLabel]: record.by },
    },
    data: { record: JSON.stringify(record) },
  };
  await applyOne(client, { object, origin: 'kindlab grade record' }, { manager: 'kindlab-record' });
}

/** A record read back (a watch event, a list); undefined for a ConfigMap that is not one. */
export function readRecord(cm: V1ConfigMap): GradeRecord | undefined {
  try {
    const record = JSON.parse(cm.data?.record ?? '') as GradeRecord;
    return record.student && record.exercise ? record : undefined;
  } catch {
    return undefined;
  }
}
