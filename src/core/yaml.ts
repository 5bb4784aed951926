import yaml from 'js-yaml';
import { KindlabError } from './errors.js';

/** A YAML syntax error, located: "file:line:column" and the reason in one line. */
export interface YamlProblem {
  origin: string;
  message: string;
}

/** Where js-yaml says a document is malformed, counted from the document's first line in its file. */
export function yamlProblem(error: unknown, source: string, firstLine = 1): YamlProblem {
  const mark = (error as { mark?: { line: number; column: number } }).mark;
  const reason = ((error as { reason?: string }).reason ?? (error as Error).message).split('\n')[0];
  return { origin: mark ? `${source}:${firstLine + mark.line}:${mark.column + 1}` : `${source}:${firstLine}`, message: `malformed YAML: ${reason}` };
}

export interface ParseYamlOptions {
  /** Error code of the KindlabError thrown on a syntax error. */
  code?: string;
  fix?: string;
  /** Line of the file where `text` starts (documents of a multi-document file). */
  firstLine?: number;
}

/** Parses one YAML document; a syntax error becomes one message naming file, line and column. */
export function parseYaml(text: string, source: string, options: ParseYamlOptions = {}): unknown {
  try {
    return yaml.load(text, { filename: source });
  } catch (error) {
    const problem = yamlProblem(error, source, options.firstLine);
    throw new KindlabError(options.code ?? 'YAML_INVALID', `${problem.origin}: ${problem.message}`, {
      fix: options.fix ?? `fix ${source} at that line (indent with spaces, never tabs)`,
      cause: error,
    });
  }
}
