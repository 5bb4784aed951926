import { parseArgs } from 'node:util';
import { isKindlabError, messageOf } from '../core/errors.js';
import { kindlabVersion } from '../core/paths.js';
import { commonOptions, helpText, type Command } from './command.js';
import { commands } from './commands/index.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'kindlab — hands-on Kubernetes labs on a real kind cluster, measured.',
    '',
    'Usage: kindlab <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width + 2)}${c.summary}`),
    '',
    'Run `kindlab <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

/** Runs the CLI and returns the exit code (0 ok, 1 failure); only this layer prints errors. */
export async function main(argv: string[]): Promise<number> {
  const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  const err = (text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(overview());
    return name ? 0 : 1;
  }
  if (name === '--version') {
    out(`kindlab ${kindlabVersion()}`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    err(`kindlab: unknown command "${name}".\n  fix: use one of ${commands.map((c) => c.name).join(', ')} (kindlab --help)`);
    return 1;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, ...commonOptions },
      allowPositionals: command.allowPositionals ?? false,
      strict: true,
    });
  } catch (error) {
    err(`kindlab ${command.name}: ${messageOf(error)}\n  fix: see \`kindlab ${command.name} --help\``);
    return 1;
  }
  if (parsed.values.help) {
    out(helpText(command));
    return 0;
  }
  try {
    return await runCommand(command, parsed.values as Record<string, string | boolean | string[] | undefined>, parsed.positionals, out, err);
  } catch (error) {
    err(formatError(command, error, Boolean(parsed.values.verbose)));
    return 1;
  }
}

async function runCommand(
  command: Command,
  values: Record<string, string | boolean | string[] | undefined>,
  positionals: string[],
  out: (t: string) => void,
  err: (t: string) => void,
): Promise<number> {
  return command.run({ values, positionals, out, err });
}

export function formatError(command: Command, error: unknown, verbose: boolean): string {
  const lines = [`kindlab ${command.name}: ${messageOf(error)}`];
  if (isKindlabError(error) && error.fix) lines.push(`  fix: ${error.fix}`);
  if (!isKindlabError(error) && !verbose) lines.push('  (an unexpected error: run again with --verbose for details)');
  if (verbose && error instanceof Error && error.stack) lines.push(error.stack);
  return lines.join('\n');
}
