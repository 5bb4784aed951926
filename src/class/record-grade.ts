import type { GradeResult } from '../grade/grade.js';
import type { KubeClient } from '../kube/client.js';
import { writeRecord, type GradeRecord } from './records.js';

/** A grade as the class keeps it: what passed, what failed, the first figure. */
export function recordOf(result: GradeResult, className: string, student: string, by: GradeRecord['by']): GradeRecord {
  const failed = result.refused ? [`refused at ${result.refused.stage}`] : (result.lab?.steps ?? []).flatMap((s) => s.checks).filter((c) => c.status === 'failed').map((c) => c.name);
  const figure = result.lab?.measurements[0];
  return { class: className, student, exercise: result.exercise.id, by, ok: result.ok, at: new Date().toISOString(), durationMs: result.durationMs, failed, ...(figure ? { figure: `${figure.name} = ${figure.value} ${figure.unit}` } : {}) };
}

/**
 * A student's own grade, in their namespace, marked self-reported. Who it is about is their
 * namespace (kl-<id>): the class's page reads it so, whatever the record or the class's info say.
 */
export async function recordOwnGrade(client: KubeClient, namespace: string, result: GradeResult): Promise<void> {
  const info = await client.core.readNamespacedConfigMap({ name: 'kindlab-class', namespace }).catch(() => undefined);
  if (!info?.data?.class || !namespace.startsWith('kl-')) return;
  await writeRecord(client, namespace, recordOf(result, info.data.class, namespace.slice(3), 'self'), result);
}
