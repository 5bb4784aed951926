import { KindlabError } from '../core/errors.js';

/** One student of a class: an id that names their namespace (kl-<id>), and the name to show. */
export interface Student {
  id: string;
  name: string;
}

const dnsLabel = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
/** kl-<id> must stay a DNS label (63 characters). */
const maxIdLength = 40;

/** "Élodie Martin-Durand" → "elodie-martin-durand": the name, for a namespace. */
export function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxIdLength)
    .replace(/-+$/, '');
}

/**
 * Reads a roster: one student a line, "id, Name" or just "Name" (the id is then the name, slugged).
 * Empty lines and # comments are skipped. Every problem (an id that is no DNS label, a duplicate)
 * is reported at once, with its line.
 */
export function parseRoster(text: string, source = 'roster'): Student[] {
  const students: Student[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const at = `${source}:${i + 1}`;
    const [first = '', ...rest] = line.split(',').map((s) => s.trim());
    const explicit = rest.length > 0;
    const name = explicit ? rest.join(', ') || first : first;
    const id = explicit ? first : slug(first);
    if (!id) return problems.push(`${at}: "${first}" gives no id (letters or digits needed)`);
    if (!dnsLabel.test(id) || id.length > maxIdLength) return problems.push(`${at}: id "${id}" is not a DNS label (lowercase letters, digits and dashes, at most ${maxIdLength} characters)`);
    const before = seen.get(id);
    if (before !== undefined) return problems.push(`${at}: id "${id}" is already on line ${before}`);
    seen.set(id, i + 1);
    students.push({ id, name });
  });
  if (problems.length) throw new KindlabError('ROSTER_INVALID', `${source}: ${problems.length} problem(s):\n${problems.join('\n')}`, { fix: 'fix those lines (one student a line: "id, Name" or "Name"), then run `kindlab class up` again' });
  if (students.length === 0) throw new KindlabError('ROSTER_EMPTY', `${source} names no student`, { fix: 'one student a line: "id, Name" or "Name"' });
  return students;
}

/** s01 … sNN, for `--students N`. */
export function numberedStudents(count: number): Student[] {
  if (!Number.isInteger(count) || count < 1 || count > 500) throw new KindlabError('BAD_OPTION', `--students must be a whole number from 1 to 500, got "${count}"`);
  const width = String(count).length < 2 ? 2 : String(count).length;
  return Array.from({ length: count }, (_, i) => {
    const id = `s${String(i + 1).padStart(width, '0')}`;
    return { id, name: id };
  });
}
