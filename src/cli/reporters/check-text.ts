import type { CheckReport, Lang, Severity } from '../../check/index.js';

const marks: Record<Severity, string> = { error: '✗', warning: '!', hint: '·' };
const words: Record<Lang, Record<Severity | 'none' | 'objects' | 'file' | 'server' | 'noServer', string>> = {
  en: { error: 'error', warning: 'warning', hint: 'hint', file: 'file', none: 'nothing to report', objects: 'objects in', server: 'validated by the API server (dry run)', noServer: 'not validated by the API server' },
  fr: { error: 'erreur', warning: 'avertissement', hint: 'conseil', file: 'fichier', none: 'rien à signaler', objects: 'objets dans', server: "validés par le serveur d'API (dry run)", noServer: "non validés par le serveur d'API" },
};

/** The check report as students read it: one block per finding, where it is, what to do. */
export function formatCheckReport(report: CheckReport, lang: Lang): string {
  const w = words[lang];
  const lines = report.findings.map((f) => `${marks[f.severity]} ${w[f.severity]}: ${f.origin} ${f.subject}: ${f.message}\n    → ${f.hint}`);
  const files = `${report.files.length} ${w.file}${report.files.length === 1 ? '' : 's'}`;
  const server = report.server.checked ? w.server : `${w.noServer} (${report.server.reason})`;
  const counts = (['error', 'warning', 'hint'] as const).map((s) => `${report.counts[s]} ${w[s]}${report.counts[s] === 1 ? '' : 's'}`).join(', ');
  return [...lines, ...(lines.length ? [''] : [w.none]), `${report.objects} ${w.objects} ${files}; ${server}`, counts].join('\n');
}
