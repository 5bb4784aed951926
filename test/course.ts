import { loadCourse, type CourseExercise } from '../src/course/index.js';
import { projectRoot } from '../src/core/paths.js';
import type { ExerciseDefinition } from '../src/runner/exercise.js';

/** The course kindlab ships, loaded as any course is (its kindlab.yaml at the project's root). */
export const course = await loadCourse(projectRoot);
if (course.problems.length) throw new Error(course.problems.map((p) => p.message).join('\n'));
export const labs = course.labs;
export const exercises: ExerciseDefinition[] = course.exercises.map((e) => e.definition);
export const exerciseOf = (id: string): CourseExercise => course.exercises.find((e) => e.definition.id === id)!;
