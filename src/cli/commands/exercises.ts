import { chooseLang } from '../../core/i18n.js';
import { KindlabError } from '../../core/errors.js';
import type { ExerciseDefinition } from '../../runner/exercise.js';
import type { Command } from '../command.js';
import { courseFor, courseOption } from '../course.js';

const langOption = { type: 'string', valueName: 'fr|en', description: 'language (default: from $LANG, else en)' } as const;

export const exercisesCommand: Command = {
  name: 'exercises',
  summary: "list the course's exercises: your own manifests, graded by what the cluster does",
  usage: 'kindlab exercises [--lang fr|en] [--json] [--course DIR]',
  options: { json: { type: 'boolean', description: 'print the list as JSON' }, lang: langOption, ...courseOption },
  async run({ values, out, err }) {
    const lang = chooseLang(values.lang as string | undefined);
    const exercises = await exercisesOf(values, err);
    if (values.json) {
      out(JSON.stringify(exercises.map((e) => ({ id: e.id, title: e.title, section: e.section, guide: e.guide, duration: e.duration, needs: e.needs, exclusive: Boolean(e.exclusive) })), null, 2));
      return 0;
    }
    const width = Math.max(...exercises.map((e) => e.id.length));
    for (const e of exercises) out(`${e.id.padEnd(width)}  ${e.title[lang]}\n${' '.repeat(width)}  ${e.section}`);
    out(lang === 'fr' ? '\nÉnoncé : `kindlab exercise <id>` · correction : `kindlab grade <id> mes-manifests/`' : '\nStatement: `kindlab exercise <id>` · grading: `kindlab grade <id> my-manifests/`');
    return 0;
  },
};

export const exerciseCommand: Command = {
  name: 'exercise',
  summary: "print an exercise's statement: what to write, what grading does, what passes",
  usage: 'kindlab exercise <id> [--lang fr|en] [--course DIR]',
  allowPositionals: true,
  options: { lang: langOption, ...courseOption },
  async run({ values, positionals, out, err }) {
    const lang = chooseLang(values.lang as string | undefined);
    const exercise = findExercise(await exercisesOf(values, err), positionals);
    out(`# ${exercise.title[lang]}\n\n${lang === 'fr' ? 'Section du cours' : 'Course section'}: ${exercise.section}\n\n${exercise.statement[lang]}\n\nGuide: ${exercise.guidesDir ?? 'guides'}/${exercise.guide}.${lang}.md\n${lang === 'fr' ? 'Correction' : 'Grading'}: kindlab grade ${exercise.id} <${lang === 'fr' ? 'vos fichiers ou dossier' : 'your files or folder'}>`);
    return 0;
  },
};

/** The course's exercises (see courseFor). */
export async function exercisesOf(values: Record<string, unknown>, err: (text: string) => void): Promise<ExerciseDefinition[]> {
  return (await courseFor(values, err)).exercises.map((e) => e.definition);
}

export function findExercise(exercises: ExerciseDefinition[], positionals: string[]): ExerciseDefinition {
  const [id] = positionals;
  const known = exercises.map((e) => e.id).join(', ');
  if (!id) throw new KindlabError('NO_EXERCISE', 'no exercise given', { fix: `name one: ${known} (\`kindlab exercises\`)` });
  const exercise = exercises.find((e) => e.id === id);
  if (!exercise) throw new KindlabError('UNKNOWN_EXERCISE', `unknown exercise "${id}"`, { fix: `one of: ${known}` });
  return exercise;
}
