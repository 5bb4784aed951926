import { colours } from './colours.js';
import { esc } from './html.js';
import type { LabModel, PodPhase } from './model.js';
import type { Words } from './text.js';

const phaseOrder: PodPhase[] = ['created', 'scheduled', 'running', 'ready', 'problem', 'terminating', 'succeeded', 'failed', 'unknown'];

/** What each colour and mark of a lab's timeline means: only those it draws. */
export function legend(m: LabModel, versionColours: ReadonlyMap<string, string>, t: Words): string {
  const items: string[] = [];
  const add = (swatch: string, label: string) => items.push(`<li>${swatch}${esc(label)}</li>`);
  const box = (colour: string, cls = 'sw') => `<span class="${cls}" style="background:${esc(colour)}"></span>`;
  const present = new Set(m.pods.flatMap((p) => p.segments.map((s) => s.phase)));
  for (const phase of phaseOrder.filter((p) => present.has(p))) add(box(colours.phases[phase]), `pod: ${t.phases[phase]}`);
  if (m.pods.some((p) => p.restarts.length)) add('<span class="sw sw-restart"></span>', t.restart);
  if (m.pods.some((p) => p.deleted.length)) add(box(colours.deleted, 'sw sw-deleted'), t.deleted);
  if (m.pods.some((p) => p.warnings.length)) add('<span class="sw sw-warning"></span>', t.warningEvent);
  for (const version of m.versions) add(box(versionColours.get(version) ?? '#b5b5b5'), `${t.answers} ${version}`);
  if (m.traffic.some((b) => b.failed > 0)) add(box(colours.failed), t.requestsFailed);
  if (m.downtime.length) add(box('rgba(214,39,40,.22)'), t.downtime);
  if (m.checks.some((c) => c.passed)) add(box(colours.passed, 'sw sw-dot'), `${t.check} ✓`);
  if (m.checks.some((c) => !c.passed)) add(box(colours.failed, 'sw sw-dot'), `${t.check} ✗`);
  if (m.checks.some((c) => c.deadline !== undefined && c.deadline <= m.end)) add(box('#333', 'sw sw-tick'), t.legendDeadline);
  if (m.actions.length) add('<span class="sw sw-action"></span>', t.legendAction);
  return items.length ? `<ul class="legend">${items.join('')}</ul>` : '';
}
