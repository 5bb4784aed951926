import { join, relative } from 'node:path';
import type { Command } from '../command.js';
import { courseFor, courseOption } from '../course.js';

export const listCommand: Command = {
  name: 'list',
  summary: "list the course's labs with the section each one teaches",
  usage: 'kindlab list [--json] [--course DIR]',
  options: { json: { type: 'boolean', description: 'print the labs as JSON' }, ...courseOption },
  async run({ values, out, err }) {
    const course = await courseFor(values, err);
    const labs = course.labs;
    const guidesOf = (id: string) => guidesIn(relative(process.cwd(), course.guides) || '.', id);
    if (values.json) {
      out(JSON.stringify(labs.map(({ id, title, section, duration, needs, exclusive }) => ({ id, title, section, duration, needs, exclusive: Boolean(exclusive), guides: guidesOf(id) })), null, 2));
      return 0;
    }
    const width = Math.max(...labs.map((l) => l.id.length));
    for (const lab of labs) {
      const pad = ' '.repeat(width);
      out(
        `${lab.id.padEnd(width)}  ${course.languages.map((l) => lab.title[l]).join(`\n${pad}  `)}\n${pad}  section: ${lab.section} · ~${lab.duration}${lab.needs.length ? ` · needs ${lab.needs.join(', ')}` : ''}${lab.exclusive ? ' · runs alone' : ''}\n${pad}  guide: ${course.languages.map((l) => guidesOf(lab.id)[l]).join(' · ')}\n`,
      );
    }
    return 0;
  },
};

/** Where a lab's student guides are (French, the course's language, and English). */
export function guidesIn(folder: string, id: string): { fr: string; en: string } {
  return { fr: join(folder, `${id}.fr.md`), en: join(folder, `${id}.en.md`) };
}
