import type { GradeResult } from '../grade/grade.js';
import type { KubeClient } from '../kube/client.js';
import { writeRecord, type GradeRecord } from './records.js';

/** A grade as the class keeps it: what passed, what failed, the first figure. */
export function recordOf(result: GradeResult, className: string, student: string, by: GradeRecord['by']): GradeRecord {
  const failed = result.refused ? [`refused at ${result.refused.stage}`] : (result.lab?.steps ?? []).flatMap((s) => s.checks).filter((c) => c.status === 'failed').map((c) => c.name);
  const figure = result.lab?.measurements[0];
  return { class: className, student, exercise: result.exercise.id, by, ok: result.ok, at: new Date().toISOString(), durationMs: result.durationMs, failed, ...(figure ? { figure: `${figure.name} = ${figure.value} ${figure.unit}` } : {}) };
}

/** A student's own grade, in their namespace, marked self-reported (the class's info says who they are). */
export async function recordOwnGrade(client: KubeClient, namespace: string, result: GradeResult): Promise<void> {
  const info = await client.core.readNamespacedConfigMap({ name: 'kindlab-class', namespace }).catch(() => undefined);
  if (!info?.data?.class || !info.data.student) return;
  await writeRecord(client, namespace, recordOf(result, info.data.class, info.data.student, 'self'));
}
