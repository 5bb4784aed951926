import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a mistake fixture (exercises/<id>/mistakes/<name>/) must make the grader say: mistakes/<name>.json. */
export interface ExpectedVerdict {
  /** A failed check whose name contains this… */
  check?: string;
  /** …and whose hint contains this. */
  hint?: string;
  /** Or: refused before the cluster, at this stage, with this in the message. */
  refused?: 'check' | 'intake' | 'images';
  message?: string;
}

export function mistakesOf(id: string): Array<{ name: string; dir: string; expected: ExpectedVerdict }> {
  const root = join('exercises', id, 'mistakes');
  return readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map(({ name }) => ({ name, dir: join(root, name), expected: JSON.parse(readFileSync(join(root, `${name}.json`), 'utf8')) as ExpectedVerdict }));
}
