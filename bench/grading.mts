/**
 * Grading time per exercise on the warm cluster: each reference solution graded alone (goal: ≤ 90 s
 * each), then all of them in one go, four at a time as a class would (goal: ≤ 6 min).
 *
 *   npx tsx bench/grading.mts [exercise…]     (needs the kindlab cluster)
 */
import { join } from 'node:path';
import { exercises } from '../test/course.js';
import { gradeExercise } from '../src/grade/grade.js';
import { connect } from '../src/kube/client.js';

const client = connect();
const chosen = process.argv.length > 2 ? exercises.filter((e) => process.argv.includes(e.id)) : exercises;
const grade = (e: (typeof exercises)[number]) => gradeExercise({ client, exercise: e, lang: 'en', files: [join('exercises', e.id, 'solution')] });

console.log('exercise               result   seconds');
for (const e of chosen) {
  const result = await grade(e);
  console.log(`${e.id.padEnd(22)} ${(result.ok ? 'passed' : 'FAILED').padEnd(8)} ${(result.durationMs / 1000).toFixed(1).padStart(7)}`);
}
const started = Date.now();
let next = 0;
const outcomes: boolean[] = [];
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (next < chosen.length) outcomes.push((await grade(chosen[next++]!)).ok);
  }),
);
console.log(`all ${chosen.length} solutions, 4 at a time: ${((Date.now() - started) / 1000).toFixed(1)} s, ${outcomes.filter(Boolean).length} passed`);
