import type { StudentRow } from './board.js';

/** One line per student and exercise: who, what, the verdict, by whom, when, the figure. */
export function toCsv(rows: StudentRow[]): string {
  const lines = ['student,name,exercise,ok,by,at,figure,failed'];
  for (const row of rows) {
    for (const g of Object.values(row.grades)) {
      // A record is what a student wrote: its fields are not trusted to have their types.
      const failed = Array.isArray(g.failed) ? g.failed.map(String).join('; ') : String(g.failed ?? '');
      lines.push([row.id, row.name, g.exercise, g.ok, g.by, g.at, g.figure ?? '', failed].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is made text with a leading `'`. */
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  const text = String(value ?? '');
  const inert = formulaStart.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}
