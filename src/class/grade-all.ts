import type { Lang } from '../core/i18n.js';
import { gradeExercise, type GradeResult } from '../grade/grade.js';
import type { KubeClient } from '../kube/client.js';
import { retryTransient } from '../kube/retry.js';
import type { ExerciseDefinition } from '../runner/exercise.js';
import { classLabel, instructorNamespace, studentLabel } from './objects.js';
import { recordOf } from './record-grade.js';
import { writeRecord } from './records.js';

export interface ClassGradeOptions {
  client: KubeClient;
  className: string;
  exercise: ExerciseDefinition;
  lang: Lang;
  concurrency: number;
  signal?: AbortSignal;
  onGraded?: (student: string, result: GradeResult) => void;
}

/**
 * The instructor grades what every student built in their namespace (the grader's --namespace
 * mode), with the instructor's rights, `concurrency` at a time; each grade is recorded in the
 * instructor's namespace, where students cannot write: results they cannot forge.
 */
export async function gradeClass(o: ClassGradeOptions): Promise<Array<{ student: string; result: GradeResult }>> {
  const namespaces = (await retryTransient('listing the class', () => o.client.core.listNamespace({ labelSelector: `${classLabel}=${o.className},${studentLabel}` }))).items;
  const students = namespaces.map((n) => ({ id: n.metadata!.labels![studentLabel]!, namespace: n.metadata!.name! })).sort((a, b) => a.id.localeCompare(b.id));
  const results: Array<{ student: string; result: GradeResult }> = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, o.concurrency) }, async () => {
      while (next < students.length && !o.signal?.aborted) {
        const student = students[next++]!;
        // The sampler runs in the instructor's namespace: a student could exec into a pod of theirs and
        // write the request lines the grade is computed from.
        const result = await gradeExercise({ client: o.client, exercise: o.exercise, lang: o.lang, namespace: student.namespace, helperNamespace: instructorNamespace(o.className), ...(o.signal ? { signal: o.signal } : {}) });
        await writeRecord(o.client, instructorNamespace(o.className), recordOf(result, o.className, student.id, 'instructor'), result);
        results.push({ student: student.id, result });
        o.onGraded?.(student.id, result);
      }
    }),
  );
  return results.sort((a, b) => a.student.localeCompare(b.student));
}
