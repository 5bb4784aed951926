import type { LabDefinition } from '../../runner/index.js';
import type { Command } from '../command.js';

export function listCommand(labs: LabDefinition[]): Command {
  return {
    name: 'list',
    summary: 'list the labs with the course section each one teaches',
    usage: 'kindlab list [--json]',
    options: { json: { type: 'boolean', description: 'print the labs as JSON' } },
    async run({ values, out }) {
      if (values.json) {
        out(JSON.stringify(labs.map(({ id, title, section, duration, needs, exclusive }) => ({ id, title, section, duration, needs, exclusive: Boolean(exclusive), guides: guidesOf(id) })), null, 2));
        return 0;
      }
      const width = Math.max(...labs.map((l) => l.id.length));
      for (const lab of labs) {
        const pad = ' '.repeat(width);
        out(
          `${lab.id.padEnd(width)}  ${lab.title.en}\n${pad}  ${lab.title.fr}\n${pad}  section: ${lab.section} · ~${lab.duration}${lab.needs.length ? ` · needs ${lab.needs.join(', ')}` : ''}${lab.exclusive ? ' · runs alone' : ''}\n${pad}  guide: ${guidesOf(lab.id).fr} · ${guidesOf(lab.id).en}\n`,
        );
      }
      return 0;
    },
  };
}

/** Where a lab's student guides are (French, the course's language, and English). */
export function guidesOf(id: string): { fr: string; en: string } {
  return { fr: `guides/${id}.fr.md`, en: `guides/${id}.en.md` };
}
