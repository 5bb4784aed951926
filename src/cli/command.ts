import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & { description: string; valueName?: string };

/** One `kindlab <name>` command: its options (parsed with node:util parseArgs) and its action. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Longer help text shown by --help. */
  details?: string;
  options: Record<string, OptionSpec>;
  allowPositionals?: boolean;
  run(input: CommandInput): Promise<number>;
}

export interface CommandInput {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  out: (text: string) => void;
  err: (text: string) => void;
}

export const commonOptions: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  verbose: { type: 'boolean', short: 'v', description: 'show the output of every step, and stack traces' },
};

export function helpText(command: Command): string {
  const options = { ...command.options, ...commonOptions };
  const rows = Object.entries(options).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : ''}`;
    return `  ${flag.padEnd(30)} ${spec.description}`;
  });
  return [`Usage: ${command.usage}`, '', command.summary, ...(command.details ? ['', command.details] : []), '', 'Options:', ...rows, ''].join('\n');
}
