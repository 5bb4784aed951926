import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedRequests, summarizeTraffic, TrafficSampler, type Sample } from '../../src/observe/sampler.js';

const ok = (at: number, pod = 'a', version = '1.0.0'): Sample => ({ at, latencyMs: 2, ok: true, status: 200, pod, version });
const bad = (at: number, error = 'ECONNREFUSED'): Sample => ({ at, latencyMs: 1, ok: false, error });

describe('traffic summary', () => {
  it('finds downtime windows from the first failure to the next success', () => {
    const r = summarizeTraffic('u', [ok(0), bad(20), bad(40), ok(60, 'b'), bad(80), ok(100, 'b', '2.0.0')], 50, 0, 120);
    expect(r.requests).toBe(6);
    expect(r.failed).toBe(3);
    expect(r.downtime).toEqual([
      { from: 20, to: 60, durationMs: 40, failed: 2 },
      { from: 80, to: 100, durationMs: 20, failed: 1 },
    ]);
    expect(r.byPod).toEqual({ a: 1, b: 2 });
    expect(r.byVersion).toEqual({ '1.0.0': 2, '2.0.0': 1 });
    expect(r.errors).toEqual({ ECONNREFUSED: 3 });
  });

  it('closes a window still open at the end with the stop time', () => {
    const r = summarizeTraffic('u', [ok(0), bad(10)], 50, 0, 500);
    expect(r.downtime).toEqual([{ from: 10, to: 500, durationMs: 490, failed: 1 }]);
  });

  it('computes the achieved rate and latency percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => ({ ...ok(i * 20), latencyMs: i + 1 }));
    const r = summarizeTraffic('u', samples, 50, 0, 2000);
    expect(r.achievedRate).toBe(50);
    expect(r.slow).toBe(0);
    expect(summarizeTraffic('u', [ok(0), { ...ok(20), latencyMs: 1400 }], 50, 0, 40).slow).toBe(1);
    expect(r.latencyMs).toEqual({ p50: 51, p95: 96, p99: 100, max: 100 });
  });

  it('says how failed requests failed: windows, the longest, and each error', () => {
    const r = summarizeTraffic('u', [ok(0), bad(20), bad(40, 'timeout'), bad(60), ok(80), bad(100), ok(400)], 50, 0, 420);
    expect(failedRequests(r)).toBe('4 of 7 failed, in 2 windows, longest 300 ms (ECONNREFUSED ×3, timeout ×1)');
    expect(failedRequests(summarizeTraffic('u', [ok(0)], 50, 0, 20))).toBe('0 of 1 failed');
  });
});

describe('traffic sampler', () => {
  let server: Server;
  let port = 0;
  let served = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      served++;
      res.setHeader('X-Pod', 'local');
      res.setHeader('X-Version', 'test');
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses any target but loopback', () => {
    expect(() => new TrafficSampler({ url: 'http://10.0.0.1:80/' })).toThrow(/only sends HTTP to loopback/);
    expect(() => new TrafficSampler({ url: 'https://127.0.0.1/' })).toThrow(/loopback/);
  });

  it('records who answered, and counts refused connections as failures', async () => {
    const sampler = new TrafficSampler({ url: `http://127.0.0.1:${port}/`, ratePerSecond: 100 }).start();
    await new Promise((r) => setTimeout(r, 300));
    const report = await sampler.stop();
    expect(report.requests).toBeGreaterThan(10);
    expect(report.failed).toBe(0);
    expect(report.byPod.local).toBe(report.requests);
    expect(served).toBe(report.requests);

    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const deadPort = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const refused = new TrafficSampler({ url: `http://127.0.0.1:${deadPort}/`, ratePerSecond: 50 }).start();
    await new Promise((r) => setTimeout(r, 200));
    const down = await refused.stop();
    expect(down.failed).toBe(down.requests);
    expect(down.downtime).toHaveLength(1);
  });
});
