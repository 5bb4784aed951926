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
        out(JSON.stringify(labs.map(({ id, title, section, duration, needs, exclusive }) => ({ id, title, section, duration, needs, exclusive: Boolean(exclusive) })), null, 2));
        return 0;
      }
      const width = Math.max(...labs.map((l) => l.id.length));
      for (const lab of labs) {
        out(`${lab.id.padEnd(width)}  ${lab.title.en}\n${' '.repeat(width)}  ${lab.title.fr}\n${' '.repeat(width)}  section: ${lab.section} · ~${lab.duration}${lab.needs.length ? ` · needs ${lab.needs.join(', ')}` : ''}${lab.exclusive ? ' · runs alone' : ''}\n`);
      }
      return 0;
    },
  };
}
