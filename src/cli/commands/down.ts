import { down } from '../../setup/index.js';
import type { Command } from '../command.js';

export const downCommand: Command = {
  name: 'down',
  summary: 'delete the kindlab cluster',
  usage: 'kindlab down [--json]',
  options: { json: { type: 'boolean', description: 'print the result as JSON' } },
  async run({ values, out }) {
    const result = await down();
    if (values.json) out(JSON.stringify(result, null, 2));
    else out(result.deleted ? `deleted cluster ${result.cluster} (${result.nodes.join(', ')})` : `no cluster ${result.cluster}: nothing to delete`);
    return 0;
  },
};
