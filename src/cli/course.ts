import { relative } from 'node:path';
import { loadCourse, type Course } from '../course/index.js';
import type { OptionSpec } from './command.js';

export const courseOption: Record<string, OptionSpec> = {
  course: { type: 'string', valueName: 'dir', description: 'the course (default: the nearest kindlab.yaml from here up, else the course kindlab ships)' },
};

const loaded = new Map<string, Promise<Course>>();

/**
 * The course a command works on, loaded once. Files that cannot be loaded are reported (one line
 * each) and left out: the others still run when named.
 */
export async function courseFor(values: Record<string, unknown>, err: (text: string) => void): Promise<Course> {
  const key = (values.course as string | undefined) ?? '';
  let course = loaded.get(key);
  if (!course) {
    course = loadCourse((values.course as string | undefined) || undefined);
    loaded.set(key, course);
    const { problems, notes } = await course;
    for (const problem of problems) err(`kindlab: ${problem.message}`);
    for (const note of notes) err(`kindlab: ${note}`);
  }
  return course;
}

/** The course's name as a user would type it, for messages. */
export function courseShown(course: Course): string {
  return relative(process.cwd(), course.file) || course.file;
}
