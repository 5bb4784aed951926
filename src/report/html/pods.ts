import { colours } from './colours.js';
import { el, text, type Frame, type Lane } from './draw.js';
import { duration, secondsAt, shorten } from './html.js';
import type { LabModel, PodLane } from './model.js';
import type { Words } from './text.js';

const laneHeight = 15;

/** One lane per pod: a coloured segment per phase, restarts, deletion, Warning events. */
export function podsLane(m: LabModel, f: Frame, t: Words, y0: number): Lane {
  const parts = m.pods.map((lane, i) => podLane(lane, i, f, t, y0 + i * laneHeight));
  let height = m.pods.length * laneHeight;
  if (m.morePods) {
    const y = y0 + height;
    const label = `… ${m.morePods.count} ${t.more}`;
    parts.push(text(f.left - 6, y + 11, label, { class: 'pod-label', 'text-anchor': 'end' }));
    parts.push(el('rect', { class: 'pod-more', x: f.x(m.morePods.from), y: y + 4, width: Math.max(f.x(m.morePods.to) - f.x(m.morePods.from), 1), height: 8, fill: colours.phases.unknown, 'fill-opacity': 0.5 }, `${label}: ${secondsAt(m.morePods.from)} → ${secondsAt(m.morePods.to)}`));
    height += laneHeight;
  }
  return { svg: parts.join('\n'), height: height ? height + 4 : 0 };
}

function podLane(lane: PodLane, i: number, f: Frame, t: Words, y: number): string {
  const parts: string[] = [];
  if (i % 2 === 1) parts.push(el('rect', { class: 'lane-bg', x: 0, y, width: f.width, height: laneHeight, fill: '#f4f5f7' }));
  parts.push(text(f.left - 6, y + 11, shorten(lane.name, 30), { class: 'pod-label', 'text-anchor': 'end' }, lane.name));
  for (const s of lane.segments) {
    const x0 = f.x(s.from);
    const title = `${lane.name}: ${t.phases[s.phase]}, ${secondsAt(s.from)} → ${secondsAt(s.to)} (${duration(s.to - s.from)})\n${s.state}`;
    parts.push(el('rect', { class: `pod-bar phase-${s.phase}`, x: x0, y: y + 4, width: Math.max(f.x(s.to) - x0, 0.8), height: 8, fill: colours.phases[s.phase] }, title));
  }
  for (const d of lane.deleted) {
    parts.push(el('line', { class: 'pod-deleted', x1: f.x(d), x2: f.x(d), y1: y + 2, y2: y + 14, stroke: colours.deleted, 'stroke-width': 2 }, `${lane.name}: ${t.deleted}, ${secondsAt(d)}`));
  }
  for (const r of lane.restarts) {
    parts.push(el('circle', { class: 'pod-restart', cx: f.x(r.at), cy: y + 8, r: 3.5, fill: '#ffffff', stroke: '#000000', 'stroke-width': 1.5 }, `${lane.name}: ${t.restart} (restarts=${r.count}), ${secondsAt(r.at)}`));
  }
  for (const w of lane.warnings) {
    const x = f.x(w.at);
    parts.push(el('path', { class: 'pod-warning', d: `M${x - 3} ${y}h6l-3 4z`, fill: colours.failed }, `${t.warningEvent} ${w.reason}, ${secondsAt(w.at)}: ${w.message}`));
  }
  return parts.join('\n');
}
