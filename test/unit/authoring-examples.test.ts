import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// Every example of docs/authoring.md (generated from the TSDoc) is type-checked against the public
// API, as a course's lab would be: an example that no longer compiles is a lie to course authors.

const root = new URL('../../', import.meta.url).pathname;
const guide = 'docs/authoring.md';

interface Example {
  /** Line of the example's first line of code in the guide. */
  line: number;
  /** The headings it sits under, from the page's title down. */
  headings: string[];
  code: string;
}

/** What a heading names when it is not a member: a part of a member's documentation. */
const partHeadings = new Set(['Example', 'Examples', 'Methods', 'Properties', 'Parameters', 'Returns', 'Type Parameters']);

/** "Lab › expect()": the member an example documents. */
const memberOf = (example: Example) => example.headings.slice(2).filter((h) => h && !partHeadings.has(h)).join(' › ') || 'the first example';

/**
 * The guide's ```ts blocks under an "Example" heading (the signatures' blocks are not examples),
 * and the verbs (function and method headings, "name()") with the headings they sit under.
 */
function readGuide(markdown: string): { examples: Example[]; verbs: string[][] } {
  const examples: Example[] = [];
  const verbs: string[][] = [];
  const headings: string[] = [];
  let current: Example | undefined;
  markdown.split('\n').forEach((text, index) => {
    if (current) {
      if (text === '```') {
        examples.push(current);
        current = undefined;
      } else current.code += `${text}\n`;
      return;
    }
    const heading = /^(#+) (.*)$/.exec(text);
    if (heading) {
      headings.length = heading[1]!.length;
      headings[heading[1]!.length - 1] = heading[2]!;
      if (/^\w+\(\)$/.test(heading[2]!)) verbs.push([...headings]);
    } else if (text === '```ts' && /^Examples?$/.test(headings.at(-1) ?? '')) {
      current = { line: index + 2, headings: [...headings], code: '' };
    }
  });
  return { examples, verbs };
}

/** The names src/api.ts exports, values and types alike. */
function publicNames(): string[] {
  const api = ts.createSourceFile('api.ts', readFileSync(`${root}src/api.ts`, 'utf8'), ts.ScriptTarget.Latest);
  return api.statements.flatMap((s) => (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause) ? s.exportClause.elements.map((e) => e.name.text) : []));
}

/**
 * An example as a module: a whole file (it exports something) as it is; otherwise its own imports
 * first, then every public name from 'kindlab', and its code in a function that receives `lab`
 * and `g`. `origins[i]` is the example's line behind the module's line i (-1: the harness's).
 */
function moduleOf(example: Example, names: string[]): { text: string; origins: number[] } {
  const lines = example.code.trimEnd().split('\n');
  if (lines.some((l) => l.startsWith('export '))) return { text: lines.join('\n'), origins: lines.map((_, i) => i) };
  const imports = lines.flatMap((l, i) => (l.startsWith('import ') ? [i] : []));
  const ownImports = imports.map((i) => lines[i]!).join('\n');
  const given = names.filter((n) => !new RegExp(`\\b${n}\\b`).test(ownImports));
  const body = lines.flatMap((l, i) => (imports.includes(i) ? [] : [i]));
  const module = [
    ...imports.map((i) => ({ text: lines[i]!, origin: i })),
    { text: `import { ${given.join(', ')} } from 'kindlab';`, origin: -1 },
    { text: 'export async function example(lab: Lab, g: Grading): Promise<void> {', origin: -1 },
    ...body.map((i) => ({ text: lines[i]!, origin: i })),
    { text: '}', origin: -1 },
  ];
  return { text: module.map((l) => l.text).join('\n'), origins: module.map((l) => l.origin) };
}

/** Type-checks every example in one in-memory program; the problems, each with its place in the guide. */
function typeCheck(examples: Example[]): string[] {
  const config = ts.readConfigFile(`${root}tsconfig.json`, ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(config.config.compilerOptions, root);
  Object.assign(options, { noEmit: true, paths: { kindlab: [`${root}src/api.ts`] } });
  const names = publicNames();
  // Beside the guide, so that Node's rules make each one an ES module of this package.
  const modules = new Map(examples.map((example, i) => [`${root}docs/authoring-example-${i}.ts`, { example, ...moduleOf(example, names) }]));
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (file, language, ...rest) => {
    const module = modules.get(file);
    return module ? ts.createSourceFile(file, module.text, language) : getSourceFile.call(host, file, language, ...rest);
  };
  host.fileExists = (file) => modules.has(file) || fileExists.call(host, file);
  host.readFile = (file) => modules.get(file)?.text ?? readFile.call(host, file);
  const program = ts.createProgram({ rootNames: [...modules.keys()], options, host });
  return [...modules].flatMap(([file, { example, origins }]) => {
    const source = program.getSourceFile(file)!;
    return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)].map((d) => {
      const line = d.start === undefined ? -1 : (origins[source.getLineAndCharacterOfPosition(d.start).line] ?? -1);
      const where = line < 0 ? `${guide}:${example.line}` : `${guide}:${example.line + line}`;
      const code = line < 0 ? '' : `\n    ${example.code.split('\n')[line]!.trim()}`;
      return `${where} (example of ${memberOf(example)}): TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}${code}`;
    });
  });
}

describe(`the examples of ${guide}`, () => {
  const { examples, verbs } = readGuide(readFileSync(root + guide, 'utf8'));

  it('give every function and method an example', () => {
    // Not verbs: what a course implements (LabDefinition.run, ExerciseDefinition.grade), and the
    // methods of what a verb returns (claim().bound()), which that verb's example shows.
    const called = verbs.filter((path) => !path.some((h, i) => h?.endsWith('Definition') || (i < path.length - 1 && h?.endsWith('()'))));
    const documented = new Set(examples.flatMap((e) => e.headings.map((_, i) => e.headings.slice(0, i + 1).join('\n'))));
    const without = called.filter((path) => !documented.has(path.join('\n'))).map((path) => path.slice(2).filter(Boolean).join(' › '));
    expect(without, 'functions and methods without an example').toEqual([]);
    expect(called.length).toBeGreaterThan(80);
  });

  it('type-check against the public API', { timeout: 60_000 }, () => {
    const problems = typeCheck(examples);
    expect(problems, problems.join('\n\n')).toEqual([]);
  });
});
