import { colours } from './colours.js';
import { el, labelWidth, pack, text, type Frame, type Lane } from './draw.js';
import { duration, secondsAt } from './html.js';
import type { DowntimeBand, LabModel, TrafficBar } from './model.js';
import type { Words } from './text.js';

const barsHeight = 64;
/** Room above the bars for two rows of downtime labels. */
const labelRoom = 24;
const unknownVersion = '#b5b5b5';

/** Answers per second stacked by version, failures on top in red. */
export function trafficLane(m: LabModel, versionColours: ReadonlyMap<string, string>, f: Frame, t: Words, y0: number): Lane {
  if (m.traffic.length === 0) return { svg: '', height: 0 };
  const max = Math.max(1, ...m.traffic.map((b) => b.ok + b.failed));
  const bottom = y0 + labelRoom + barsHeight;
  const h = (n: number) => (n / max) * barsHeight;
  const per = m.bucketMs === 1000 ? t.traffic : `${t.trafficPer} ${duration(m.bucketMs)}`;
  const parts = [
    text(f.left - 6, bottom - barsHeight / 2, per, { class: 'lane-label', 'text-anchor': 'end' }),
    text(f.left - 6, bottom - barsHeight + 4, String(max), { class: 'axis-label', 'text-anchor': 'end' }),
    text(f.left - 6, bottom, '0', { class: 'axis-label', 'text-anchor': 'end' }),
    el('line', { class: 'axis', x1: f.left, x2: f.right, y1: bottom - barsHeight, y2: bottom - barsHeight, stroke: '#e3e3e3' }),
  ];
  for (const bar of m.traffic) {
    const x0 = f.x(bar.from);
    const wide = f.x(bar.to) - x0;
    const width = Math.max(0.6, wide > 3 ? wide - 1 : wide);
    const title = barTitle(bar, t);
    let top = bottom;
    const stack = (n: number, fill: string, cls: string) => {
      if (n <= 0) return;
      top -= h(n);
      parts.push(el('rect', { class: cls, x: x0, y: top, width, height: h(n), fill }, title));
    };
    for (const [version, n] of bar.versions) stack(n, versionColours.get(version) ?? unknownVersion, 'traffic-ok');
    stack(bar.ok - bar.versions.reduce((sum, [, n]) => sum + n, 0), unknownVersion, 'traffic-ok');
    stack(bar.failed, colours.failed, 'traffic-failed');
  }
  parts.push(el('line', { class: 'axis', x1: f.left, x2: f.right, y1: bottom, y2: bottom, stroke: '#999' }));
  return { svg: parts.join('\n'), height: labelRoom + barsHeight + 6 };
}

function barTitle(bar: TrafficBar, t: Words): string {
  const versions = bar.versions.map(([v, n]) => `${v} ×${n}`).join(', ');
  return `${secondsAt(bar.from)} → ${secondsAt(bar.to)}: ${bar.ok} ${t.answers}${versions ? ` (${versions})` : ''}, ${bar.failed} ${t.requestsFailed}${bar.pods.length ? `\n${t.pods}: ${bar.pods.join(', ')}` : ''}`;
}

/**
 * The windows without an answer, as red bands across the chart (those closer than a pixel are one
 * band), and above the traffic a label for each burst: how long it was down in all.
 */
export function downtimeOverlay(bands: readonly DowntimeBand[], f: Frame, t: Words, top: number, bottom: number, labelY: number): string {
  const drawn = groups(bands, f, 1.5).map((g) => {
    const x0 = f.x(g.from);
    return el('rect', { class: 'downtime', x: x0, y: top, width: Math.max(f.x(g.to) - x0, 1.5), height: bottom - top, fill: colours.failed, 'fill-opacity': 0.18 }, groupTitle(g, t));
  });
  const bursts = groups(bands, f, 24).map((g) => ({ g, label: `${t.downtime} ${duration(g.down)}` }));
  const rows = pack(
    bursts.map(({ g, label }) => [f.x(g.from), f.x(g.from) + labelWidth(label)] as const),
    2,
  );
  const labels = bursts.flatMap(({ g, label }, i) => (rows[i]! < 0 ? [] : [text(f.x(g.from), labelY + rows[i]! * 11, label, { class: 'downtime-label', fill: colours.failed }, groupTitle(g, t))]));
  return [...drawn, ...labels].join('\n');
}

interface Group {
  from: number;
  to: number;
  /** The windows' durations summed. */
  down: number;
  failed: number;
  windows: number;
}

function groups(bands: readonly DowntimeBand[], f: Frame, gapPx: number): Group[] {
  const out: Group[] = [];
  for (const b of bands) {
    const last = out.at(-1);
    if (last && f.x(b.from) - f.x(last.to) < gapPx) {
      last.to = Math.max(last.to, b.to);
      last.down += b.to - b.from;
      last.failed += b.failed;
      last.windows++;
    } else out.push({ from: b.from, to: b.to, down: b.to - b.from, failed: b.failed, windows: 1 });
  }
  return out;
}

function groupTitle(g: Group, t: Words): string {
  const windows = g.windows > 1 ? `, ${g.windows} ${t.windows}` : '';
  return `${t.downtime} ${duration(g.down)}${windows}: ${g.failed} ${t.requestsFailed}, ${secondsAt(g.from)} → ${secondsAt(g.to)}`;
}
