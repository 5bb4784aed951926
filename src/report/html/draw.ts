import { esc, num } from './html.js';

/** The chart's frame: viewBox width, the plot's left and right edges, and the time scale. */
export interface Frame {
  width: number;
  left: number;
  right: number;
  end: number;
  x(ms: number): number;
}

export function frame(end: number, width = 1000, left = 180, right = 975): Frame {
  return { width, left, right, end, x: (ms) => left + (Math.min(Math.max(ms, 0), end) / end) * (right - left) };
}

/** A lane: its SVG and its height. */
export interface Lane {
  svg: string;
  height: number;
}

type Attributes = Record<string, string | number>;

function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${typeof v === 'number' ? num(v) : esc(v)}"`)
    .join('');
}

/** An SVG element with its hover text; numbers are rounded, every value escaped. */
export function el(tag: string, attrs: Attributes, title?: string): string {
  const a = attributes(attrs);
  return title === undefined ? `<${tag}${a}/>` : `<${tag}${a}><title>${esc(title)}</title></${tag}>`;
}

/** Text at (x, y), escaped. */
export function text(x: number, y: number, content: string, attrs: Attributes = {}, title?: string): string {
  const a = attributes({ x, y, ...attrs });
  return `<text${a}>${title === undefined ? '' : `<title>${esc(title)}</title>`}${esc(content)}</text>`;
}

/** `count` rows to lay extents on, left to right: `fit` takes the first row where one goes without overlap, or answers -1. */
export function rowsOf(count: number): { fit(x0: number, x1: number): number } {
  const ends: number[] = [];
  return {
    fit(x0, x1) {
      for (let r = 0; r < count; r++) {
        if ((ends[r] ?? -Infinity) <= x0) {
          ends[r] = x1;
          return r;
        }
      }
      return -1;
    },
  };
}

/** Places extents on at most `rows` rows without overlap: each one's row, or -1 where none is free. */
export function pack(extents: ReadonlyArray<readonly [x0: number, x1: number]>, rows: number): number[] {
  const r = rowsOf(rows);
  return extents.map(([x0, x1]) => r.fit(x0, x1));
}

/** A step for the time axis that gives at most `most` ticks. */
export function tickStep(endMs: number, most = 12): number {
  const steps = [0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((s) => s * 1000);
  return steps.find((s) => endMs / s <= most) ?? Math.ceil(endMs / most / 3_600_000) * 3_600_000;
}

/** Roughly how wide a label is at font size 10 (no font metrics without a browser). */
export function labelWidth(label: string): number {
  return label.length * 5.8 + 6;
}
