import { chooseLang } from '../../core/i18n.js';
import { KindlabError } from '../../core/errors.js';
import type { ExerciseDefinition } from '../../runner/exercise.js';
import type { Command } from '../command.js';

const langOption = { type: 'string', valueName: 'fr|en', description: 'language (default: from $LANG, else en)' } as const;

export function exercisesCommand(exercises: ExerciseDefinition[]): Command {
  return {
    name: 'exercises',
    summary: 'list the exercises: your own manifests, graded by what the cluster does',
    usage: 'kindlab exercises [--lang fr|en] [--json]',
    options: { json: { type: 'boolean', description: 'print the list as JSON' }, lang: langOption },
    async run({ values, out }) {
      const lang = chooseLang(values.lang as string | undefined);
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
}

export function exerciseCommand(exercises: ExerciseDefinition[]): Command {
  return {
    name: 'exercise',
    summary: "print an exercise's statement: what to write, what grading does, what passes",
    usage: 'kindlab exercise <id> [--lang fr|en]',
    allowPositionals: true,
    options: { lang: langOption },
    async run({ values, positionals, out }) {
      const lang = chooseLang(values.lang as string | undefined);
      const exercise = findExercise(exercises, positionals);
      out(`# ${exercise.title[lang]}\n\n${lang === 'fr' ? 'Section du cours' : 'Course section'}: ${exercise.section}\n\n${exercise.statement[lang]}\n\n${lang === 'fr' ? 'Guide' : 'Guide'}: guides/${exercise.guide}.${lang}.md\n${lang === 'fr' ? 'Correction' : 'Grading'}: kindlab grade ${exercise.id} <${lang === 'fr' ? 'vos fichiers ou dossier' : 'your files or folder'}>`);
      return 0;
    },
  };
}

export function findExercise(exercises: ExerciseDefinition[], positionals: string[]): ExerciseDefinition {
  const [id] = positionals;
  const known = exercises.map((e) => e.id).join(', ');
  if (!id) throw new KindlabError('NO_EXERCISE', 'no exercise given', { fix: `name one: ${known} (\`kindlab exercises\`)` });
  const exercise = exercises.find((e) => e.id === id);
  if (!exercise) throw new KindlabError('UNKNOWN_EXERCISE', `unknown exercise "${id}"`, { fix: `one of: ${known}` });
  return exercise;
}
