import { colours } from './colours.js';
import { el, labelWidth, pack, rowsOf, text, type Frame, type Lane } from './draw.js';
import { duration, secondsAt, shorten } from './html.js';
import type { ActionMark, CheckMark } from './model.js';
import type { Words } from './text.js';

const most = { actions: 150, actionRows: 5, checks: 200, checkRows: 4 };

/** The actions: a marker each on the top row, their labels on the rows below where they fit. */
export function actionsLane(actions: readonly ActionMark[], f: Frame, t: Words, y0: number): Lane & { markerY: number } {
  const shown = actions.slice(0, most.actions);
  if (shown.length === 0) return { svg: '', height: 0, markerY: y0 };
  const rows = rowsOf(most.actionRows);
  // Each label where it fits, else shorter, else none (the marker's hover text still says it all).
  const items = shown.map((a) => {
    const x = f.x(a.at);
    for (const label of [shorten(a.what, 40), a.what.length > 18 ? `${a.what.slice(0, 17)}…` : a.what]) {
      const w = labelWidth(label);
      const leftward = x + w > f.width - 4;
      const row = leftward ? rows.fit(x - w - 2, x + 2) : rows.fit(x - 2, x + w + 2);
      if (row >= 0) return { a, x, label, leftward, row };
    }
    return { a, x, label: '', leftward: false, row: -1 };
  });
  const used = Math.max(0, ...items.map((i) => i.row)) + 1;
  const markerY = y0 + 6;
  const parts = [text(f.left - 6, markerY + 4, t.actions, { class: 'lane-label', 'text-anchor': 'end' })];
  for (const item of items) {
    const title = `${secondsAt(item.a.at)}  ${item.a.what}`;
    parts.push(el('path', { class: 'action', d: `M${item.x - 4} ${markerY - 3}h8l-4 6z`, fill: colours.action }, title));
    if (item.row < 0) continue;
    const y = markerY + 13 + item.row * 12;
    parts.push(text(item.leftward ? item.x - 2 : item.x + 2, y, item.label, { class: 'action-label', ...(item.leftward ? { 'text-anchor': 'end' } : {}) }, title));
  }
  if (actions.length > shown.length) parts.push(text(f.right, markerY + 4, `+${actions.length - shown.length}`, { class: 'lane-label', 'text-anchor': 'end' }));
  return { svg: parts.join('\n'), height: 14 + used * 12, markerY };
}

/** The checks: a bar for the wait (start → decided), a mark when decided, a tick at the deadline. */
export function checksLane(checks: readonly CheckMark[], f: Frame, t: Words, y0: number): Lane {
  const shown = checks.slice(0, most.checks);
  if (shown.length === 0) return { svg: '', height: 0 };
  const items = shown.map((c) => {
    const x0 = f.x(c.from);
    const x1 = f.x(c.at);
    const xd = c.deadline !== undefined && c.deadline <= f.end ? f.x(c.deadline) : undefined;
    return { c, x0, x1, xd, extent: [x0 - 4, Math.max(x1, xd ?? 0) + 4] as const };
  });
  const rows = pack(
    items.map((i) => i.extent),
    most.checkRows,
  ).map((r) => (r < 0 ? most.checkRows - 1 : r));
  const used = Math.max(...rows) + 1;
  const parts = [text(f.left - 6, y0 + 9, t.checks.toLowerCase(), { class: 'lane-label', 'text-anchor': 'end' })];
  items.forEach(({ c, x0, x1, xd }, i) => {
    const y = y0 + 6 + rows[i]! * 11;
    const state = c.passed ? 'check-passed' : 'check-failed';
    const fill = c.passed ? colours.passed : colours.failed;
    const deadline = c.deadline === undefined ? '' : `, ${t.deadline} ${secondsAt(c.deadline)}${xd === undefined ? ` (${t.beyond})` : ''}`;
    const title = `${c.passed ? '✓' : '✗'} ${c.name}${c.detail ? ` — ${c.detail}` : ''}\n${secondsAt(c.at)}, ${t.waited} ${duration(c.at - c.from)}${deadline}`;
    if (x1 - x0 >= 0.5) parts.push(el('rect', { class: `check-bar ${state}`, x: x0, y: y - 2, width: x1 - x0, height: 4, fill, 'fill-opacity': 0.45 }, title));
    if (xd !== undefined && xd > x1) parts.push(el('line', { class: 'check-window', x1, x2: xd, y1: y, y2: y, stroke: '#9a9a9a', 'stroke-dasharray': '1 3' }, title));
    if (xd !== undefined) parts.push(el('line', { class: 'check-deadline', x1: xd, x2: xd, y1: y - 5, y2: y + 5, stroke: '#333', 'stroke-width': 1.5 }, title));
    parts.push(el('circle', { class: `check-mark ${state}`, cx: x1, cy: y, r: 3.5, fill }, title));
  });
  return { svg: parts.join('\n'), height: 8 + used * 11 };
}
