import { KindlabError } from '../../core/errors.js';

/** Reads the catalog's loosely typed YAML; every error names the file and the field at fault. */
export class Validator {
  constructor(private readonly source: string) {}

  fail(field: string, problem: string): never {
    throw new KindlabError('CATALOG_INVALID', `${this.source}: ${field || 'top level'} ${problem}`, {
      fix: `edit ${this.source}`,
    });
  }

  object(value: unknown, field: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(field, 'must be a mapping');
    return value as Record<string, unknown>;
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, 'must be a list');
    return value;
  }

  string(value: unknown, field: string): string {
    if (typeof value !== 'string' || value === '') this.fail(field, 'must be a non-empty string');
    return value;
  }

  strings(value: unknown, field: string): string[] {
    return this.array(value, field).map((s, i) => this.string(s, `${field}[${i}]`));
  }

  stringMap(value: unknown, field: string): Record<string, string> {
    const o = this.object(value, field);
    return Object.fromEntries(Object.entries(o).map(([k, s]) => [k, this.string(s, `${field}.${k}`)]));
  }
}
