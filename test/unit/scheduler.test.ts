import { describe, expect, it } from 'vitest';
import { schedule } from '../../src/runner/scheduler.js';

interface Item {
  id: string;
  exclusive?: boolean;
  expectedMs?: number;
}

/** Runs fake labs that take `ms` each and records what ran beside what. */
function harness(ms = 10) {
  const running = new Set<string>();
  const overlaps: string[][] = [];
  const started: string[] = [];
  const run = async (item: Item) => {
    started.push(item.id);
    running.add(item.id);
    overlaps.push([...running].sort());
    await new Promise((r) => setTimeout(r, ms));
    running.delete(item.id);
    return `${item.id} done`;
  };
  return { run, overlaps, started };
}

describe('the run scheduler', () => {
  it('runs shared labs `concurrency` at a time, then each exclusive lab alone', async () => {
    const h = harness();
    const items: Item[] = [{ id: 'a' }, { id: 'x', exclusive: true }, { id: 'b' }, { id: 'c' }, { id: 'y', exclusive: true }];
    const results = await schedule(items, { concurrency: 2, signal: new AbortController().signal }, h.run);
    expect(results).toEqual(['a done', 'x done', 'b done', 'c done', 'y done']);
    expect(h.started).toEqual(['a', 'b', 'c', 'x', 'y']);
    expect(Math.max(...h.overlaps.map((o) => o.length))).toBe(2);
    for (const o of h.overlaps) if (o.includes('x') || o.includes('y')) expect(o).toHaveLength(1);
  });

  it('starts the longest shared labs first, keeping results in the order given', async () => {
    const h = harness(1);
    const items: Item[] = [{ id: 'short', expectedMs: 30_000 }, { id: 'x', exclusive: true, expectedMs: 200_000 }, { id: 'long', expectedMs: 110_000 }, { id: 'unknown' }, { id: 'mid', expectedMs: 60_000 }];
    const results = await schedule(items, { concurrency: 1, signal: new AbortController().signal }, h.run);
    expect(h.started).toEqual(['long', 'mid', 'short', 'unknown', 'x']);
    expect(results).toEqual(['short done', 'x done', 'long done', 'unknown done', 'mid done']);
  });

  it('starts nothing new once interrupted, and lets what runs finish', async () => {
    const h = harness(30);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 5);
    const results = await schedule([{ id: 'a' }, { id: 'b' }, { id: 'c' }], { concurrency: 1, signal: controller.signal }, h.run);
    expect(results).toEqual(['a done', undefined, undefined]);
  });

  it('treats a concurrency below 1 as 1', async () => {
    const h = harness(1);
    await schedule([{ id: 'a' }, { id: 'b' }], { concurrency: 0, signal: new AbortController().signal }, h.run);
    expect(Math.max(...h.overlaps.map((o) => o.length))).toBe(1);
  });
});
