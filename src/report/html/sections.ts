import type { Finding } from '../../check/index.js';
import type { Diagnosis } from '../../observe/diagnose.js';
import { describeEntry } from '../../observe/timeline.js';
import type { LabResult, StepResult } from '../../runner/results.js';
import { duration, esc, secondsAt, table } from './html.js';
import type { Words } from './text.js';

const journalRows = 600;

/** A status as a coloured word. */
export function badge(status: string, label: string): string {
  return `<span class="badge ${esc(status)}">${esc(label)}</span>`;
}

export function statusWord(status: string, t: Words): string {
  const word = (t as unknown as Record<string, unknown>)[status];
  return typeof word === 'string' ? word : status;
}

/** Each step, its checks (passed or not, how long, the detail, the hint) and a failed one's diagnosis. */
export function checksSection(steps: readonly StepResult[], t: Words): string {
  if (steps.length === 0) return '';
  const blocks = steps.map((step) => {
    const rows = step.checks.flatMap((c) => {
      const passed = c.status === 'passed';
      const wait = c.durationMs || c.deadlineMs ? `${duration(c.durationMs)}${c.deadlineMs ? ` / ${duration(c.deadlineMs)}` : ''}` : '—';
      const detail = `${c.message ? esc(c.message) : ''}${c.hint ? `<div class="advice">→ ${esc(c.hint)}</div>` : ''}`;
      const row = `<tr class="check-row ${esc(c.status)}"><td class="mark">${passed ? '✓' : '✗'}</td><td>${esc(c.name)}</td><td class="num">${wait}</td><td>${detail}</td></tr>`;
      return c.diagnosis ? [row, `<tr class="diagnosis-row"><td></td><td colspan="3">${diagnosisBlock(c.diagnosis, t)}</td></tr>`] : [row];
    });
    const head = `<h4>${badge(step.status, statusWord(step.status, t))} ${esc(step.title)} <span class="muted">${duration(step.durationMs)}</span></h4>`;
    return `<div class="step">${head}${rows.length ? table(['', t.check, `${t.duration} / ${t.deadline}`, t.detail], rows, 'checks') : ''}</div>`;
  });
  return `<h3>${esc(t.checks)}</h3>\n${blocks.join('\n')}`;
}

/** The figures the lab measured. */
export function measurementsSection(lab: LabResult, t: Words): string {
  if (lab.measurements.length === 0) return '';
  const rows = lab.measurements.map((m) => [`<td><code>${esc(m.name)}</code></td>`, `<td class="num">${esc(m.value)}</td>`, `<td>${esc(m.unit)}</td>`, `<td>${esc(m.description ?? '')}</td>`]);
  return `<h3>${esc(t.measurements)}</h3>\n${table([t.name, t.value, t.unit, t.description], rows, 'measurements')}`;
}

/** What failed the lab, and its diagnosis (unless a failed check says it all already). */
export function errorSection(lab: LabResult, t: Words): string {
  const failedCheck = lab.steps.some((s) => s.checks.some((c) => c.status === 'failed'));
  if (!lab.error || (failedCheck && !lab.error.diagnosis)) return '';
  return `<h3>${esc(lab.error.diagnosis ? t.diagnosis : t.whatFailed)}</h3>\n<div class="error"><p class="message">${esc(lab.error.message)}</p>${lab.error.diagnosis ? diagnosisBlock(lab.error.diagnosis, t) : ''}</div>`;
}

export function diagnosisBlock(d: Diagnosis, t: Words): string {
  const parts: string[] = [];
  if (d.causes.length) parts.push(`<p><b>${esc(t.causes)}</b></p><ul>${d.causes.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>`);
  if (d.pods.length) {
    const rows = d.pods.map((p) => [p.name, p.node, p.phase, p.ready ? 'ready' : 'not-ready', String(p.restarts), p.problems.join('; ')].map((v) => `<td>${esc(v)}</td>`));
    parts.push(table(['pod', 'node', 'phase', 'ready', 'restarts', ''], rows, 'pods'));
  }
  if (d.events.length) parts.push(`<p><b>${esc(t.events)}</b></p><ul class="events">${d.events.map((e) => `<li><code>${esc(e)}</code></li>`).join('')}</ul>`);
  for (const log of d.logs) parts.push(`<p><b>${esc(t.logs)} ${esc(log.pod)}/${esc(log.container)}</b></p><pre class="log">${esc(log.lines.join('\n'))}</pre>`);
  return `<div class="diagnosis">${parts.join('\n')}</div>`;
}

/** Everything the lab recorded but the traffic (drawn above), in order, folded. */
export function journalSection(lab: LabResult, t: Words): string {
  const start = Date.parse(lab.startedAt);
  if (!lab.events) {
    if (!lab.timeline.length) return '';
    return `<details class="journal"><summary>${esc(t.journal)} (${lab.timeline.length})</summary><pre>${esc(lab.timeline.join('\n'))}</pre></details>`;
  }
  const entries = lab.events.filter((e) => e.kind !== 'traffic' && e.kind !== 'downtime');
  const rows = entries.slice(0, journalRows).map((e) => {
    const warn = (e.kind === 'event' && e.type === 'Warning') || (e.kind === 'check' && !e.passed) || (e.kind === 'http' && e.what.startsWith('✗'));
    return `<tr class="j-${e.kind}${warn ? ' warn' : ''}"><td class="num">${esc(secondsAt(e.at - start))}</td><td>${esc(describeEntry(e))}</td></tr>`;
  });
  const more = entries.length > journalRows ? `<p class="muted">${entries.length - journalRows} ${esc(t.omitted)}</p>` : '';
  return `<details class="journal"><summary>${esc(t.journal)} (${entries.length})</summary><table class="journal"><tbody>\n${rows.join('\n')}\n</tbody></table>${more}</details>`;
}

/** What `kindlab check` said about the student's files. */
export function findingsList(findings: readonly Finding[], t: Words): string {
  if (findings.length === 0) return '';
  const items = findings.map((f) => `<li class="finding">${badge(f.severity, statusWord(f.severity, t))} <code>${esc(f.origin)}</code> ${esc(f.subject)}: ${esc(f.message)}<div class="advice">→ ${esc(f.hint)}</div></li>`);
  return `<ul class="findings">${items.join('\n')}</ul>`;
}
