import { el, frame, text, tickStep, type Frame } from './draw.js';
import { esc, num, secondsAt } from './html.js';
import { actionsLane, checksLane } from './lanes.js';
import type { LabModel } from './model.js';
import { podsLane } from './pods.js';
import { downtimeOverlay, trafficLane } from './traffic.js';
import type { Words } from './text.js';

/**
 * A lab's timeline as inline SVG, seconds from the lab's start along x: actions on top, then the
 * checks, the traffic, one lane per pod; downtime bands across it all. It scales with its width.
 */
export function timelineSvg(m: LabModel, versionColours: ReadonlyMap<string, string>, t: Words): string {
  const f = frame(m.end);
  let y = 4;
  const actions = actionsLane(m.actions, f, t, y);
  y += actions.height;
  const top = y;
  const checks = checksLane(m.checks, f, t, y);
  y += checks.height;
  const trafficTop = y;
  const traffic = trafficLane(m, versionColours, f, t, y);
  y += traffic.height;
  const pods = podsLane(m, f, t, y);
  y += pods.height;
  const bottom = y;
  const height = bottom + 34;
  const actionLines = m.actions.slice(0, 150).map((a) => {
    const x = f.x(a.at);
    return el('line', { class: 'action-line', x1: x, x2: x, y1: actions.markerY + 3, y2: bottom, stroke: '#888', 'stroke-dasharray': '2 3', 'stroke-opacity': 0.6 }, `${secondsAt(a.at)}  ${a.what}`);
  });
  return [
    `<svg class="timeline" viewBox="0 0 ${f.width} ${num(height)}" width="100%" role="img" aria-label="${esc(t.timeline)}">`,
    grid(f, top, bottom, t),
    actionLines.join('\n'),
    pods.svg,
    checks.svg,
    traffic.svg,
    actions.svg,
    downtimeOverlay(m.downtime, f, t, top, bottom, trafficTop + 10),
    '</svg>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** Vertical grid lines and the time axis under the chart. */
function grid(f: Frame, top: number, bottom: number, t: Words): string {
  const step = tickStep(f.end);
  const parts: string[] = [];
  for (let ms = 0; ms <= f.end + 1; ms += step) {
    const x = f.x(ms);
    parts.push(el('line', { class: 'grid', x1: x, x2: x, y1: top, y2: bottom + 4, stroke: '#e6e6e6' }));
    parts.push(text(x, bottom + 15, tickLabel(ms, step), { class: 'axis-label', 'text-anchor': 'middle' }, secondsAt(ms)));
  }
  parts.push(el('line', { class: 'axis', x1: f.left, x2: f.right, y1: bottom, y2: bottom, stroke: '#999' }));
  parts.push(text((f.left + f.right) / 2, bottom + 29, t.seconds, { class: 'axis-caption', 'text-anchor': 'middle' }));
  return parts.join('\n');
}

function tickLabel(ms: number, step: number): string {
  if (step >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return step < 1000 ? (ms / 1000).toFixed(1) : String(Math.round(ms / 1000));
}
