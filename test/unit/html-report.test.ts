import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../src/report/html/index.js';
import { labModel, podPhase, trafficBars } from '../../src/report/html/model.js';
import type { GradeResult } from '../../src/grade/grade.js';
import type { TimelineEntry } from '../../src/observe/timeline.js';
import type { LabResult, RunResult } from '../../src/runner/results.js';

const startedAt = '2026-11-25T10:00:00.000Z';
const t0 = Date.parse(startedAt);
/** An absolute time, `s` seconds after the lab's start. */
const at = (s: number) => t0 + s * 1000;
const pod = (s: number, name: string, state: string, change: 'ADDED' | 'MODIFIED' | 'DELETED' = 'MODIFIED'): TimelineEntry => ({ kind: 'object', at: at(s), resource: 'Pod', change, name, state });
const hostile = '<script>alert(1)</script>';

function lab(events: TimelineEntry[], over: Partial<LabResult> = {}): LabResult {
  return {
    id: 'demo-lab',
    title: { en: 'A demo lab', fr: 'Un lab de démo' },
    section: 's',
    status: 'passed',
    namespace: 'kindlab-demo-lab-abc',
    startedAt,
    durationMs: 10_000,
    steps: [],
    measurements: [],
    watches: { opened: 0, resumed: 0 },
    timeline: [],
    events,
    ...over,
  };
}

const run = (...labs: LabResult[]): RunResult => ({ schema: 'kindlab.run/v1', ok: labs.every((l) => l.status === 'passed'), startedAt, durationMs: 12_000, context: 'kind-kindlab', runId: 'abc', concurrency: 1, labs });

describe('the HTML report model', () => {
  it('reads the phase of a pod from its state line', () => {
    expect(podPhase('Pending not-ready')).toBe('created');
    expect(podPhase('Pending not-ready node=kindlab-worker')).toBe('scheduled');
    expect(podPhase('Pending not-ready ContainerCreating node=kindlab-worker')).toBe('scheduled');
    expect(podPhase('Running not-ready node=kindlab-worker')).toBe('running');
    expect(podPhase('Running ready node=kindlab-worker restarts=1')).toBe('ready');
    expect(podPhase('Running not-ready CrashLoopBackOff node=kindlab-worker restarts=3')).toBe('problem');
    expect(podPhase('Pending not-ready ErrImagePull node=kindlab-worker')).toBe('problem');
    expect(podPhase('Terminating ready node=kindlab-worker')).toBe('terminating');
    expect(podPhase('Succeeded not-ready node=kindlab-worker')).toBe('succeeded');
  });

  it('draws a pod as segments created → scheduled → running → Ready → terminating → deleted, with its restarts', () => {
    const m = labModel(
      lab([
        pod(0.5, 'web-1', 'Pending not-ready', 'ADDED'),
        pod(0.6, 'web-1', 'Pending not-ready node=w1'),
        pod(0.7, 'web-1', 'Pending not-ready ContainerCreating node=w1'),
        pod(1.5, 'web-1', 'Running not-ready node=w1'),
        pod(2.5, 'web-1', 'Running ready node=w1'),
        pod(3, 'web-2', 'Running ready node=w2', 'ADDED'),
        pod(4, 'web-1', 'Running not-ready node=w1 restarts=1'),
        { kind: 'event', at: at(4.2), type: 'Warning', reason: 'BackOff', object: 'Pod/web-1', message: 'Back-off restarting failed container' },
        pod(5, 'web-1', 'Running ready node=w1 restarts=1'),
        pod(6, 'web-1', 'Terminating not-ready node=w1 restarts=1'),
        pod(7, 'web-1', 'Terminating not-ready node=w1 restarts=1', 'DELETED'),
        { kind: 'note', at: at(8), text: 'the end of what was observed' },
      ]),
    );
    const [web1, web2] = m.pods;
    expect(web1!.segments.map((s) => [s.phase, s.from, s.to])).toEqual([
      ['created', 500, 600],
      ['scheduled', 600, 1500],
      ['running', 1500, 2500],
      ['ready', 2500, 4000],
      ['running', 4000, 5000],
      ['ready', 5000, 6000],
      ['terminating', 6000, 7000],
    ]);
    expect(web1!.restarts).toEqual([{ at: 4000, count: 1 }]);
    expect(web1!.deleted).toEqual([7000]);
    expect(web1!.warnings).toEqual([{ at: 4200, reason: 'BackOff', message: 'Back-off restarting failed container' }]);
    // Still there: drawn up to the last thing recorded; a pod first seen with restarts is no restart.
    expect(web2!.segments).toEqual([{ phase: 'ready', from: 3000, to: 8000, state: 'Running ready node=w2' }]);
    expect(web2!.restarts).toEqual([]);
  });

  it('keeps at most 30 pod lanes and folds the others into one', () => {
    const m = labModel(lab(Array.from({ length: 35 }, (_, i) => pod(i / 10, `p-${i}`, 'Pending not-ready', 'ADDED'))));
    expect(m.pods).toHaveLength(29);
    expect(m.morePods?.count).toBe(6);
  });

  it('stacks the traffic per second by version, failures apart', () => {
    const m = labModel(
      lab([
        { kind: 'traffic', at: at(1.2), ok: 40, failed: 0, versions: { '1.0.0': 40 }, pods: ['a'] },
        { kind: 'traffic', at: at(2.3), ok: 30, failed: 10, versions: { '2.0.0': 10, '1.0.0': 20 }, pods: ['a', 'b'] },
        // Another sampler, the same second.
        { kind: 'traffic', at: at(2.7), ok: 5, failed: 0, versions: { '2.0.0': 5 }, pods: ['c'] },
      ]),
    );
    expect(m.bucketMs).toBe(1000);
    expect(m.versions).toEqual(['1.0.0', '2.0.0']);
    expect(m.traffic).toEqual([
      { from: 1000, to: 2000, ok: 40, failed: 0, versions: [['1.0.0', 40]], pods: ['a'] },
      { from: 2000, to: 3000, ok: 35, failed: 10, versions: [['1.0.0', 20], ['2.0.0', 15]], pods: ['a', 'b', 'c'] },
    ]);
  });

  it('widens the traffic bars of a long lab to keep their number bounded', () => {
    const hour = 3_600_000;
    const entries: TimelineEntry[] = Array.from({ length: 3600 }, (_, s) => ({ kind: 'traffic', at: at(s), ok: 50, failed: 0, versions: { v1: 50 }, pods: [] }));
    const { traffic, bucketMs } = trafficBars(entries, (a) => a - t0, hour);
    expect(bucketMs).toBe(12_000);
    expect(traffic.length).toBeLessThanOrEqual(300);
    expect(traffic[0]!.ok).toBe(600);
  });

  it('makes a band of each downtime window, once even when recorded twice', () => {
    const window = (from: number, to: number, failed: number): TimelineEntry => ({ kind: 'downtime', at: at(from), to: at(to), failed });
    const m = labModel(lab([window(5, 5.2, 3), window(5, 5.2, 3), window(2, 2.05, 1)]));
    expect(m.downtime).toEqual([
      { from: 2000, to: 2050, failed: 1 },
      { from: 5000, to: 5200, failed: 3 },
    ]);
  });

  it('draws a check from the start of its wait to its end, and its deadline', () => {
    const m = labModel(
      lab([
        { kind: 'check', at: at(5), name: 'rolled out', passed: true, detail: '', durationMs: 2000, deadlineMs: 3000 },
        { kind: 'check', at: at(6), name: 'zero failed', passed: false, detail: '3 of 50 failed', durationMs: 0, deadlineMs: 0 },
      ]),
    );
    expect(m.checks).toEqual([
      { name: 'rolled out', passed: true, detail: '', at: 5000, from: 3000, deadline: 6000 },
      { name: 'zero failed', passed: false, detail: '3 of 50 failed', at: 6000, from: 6000 },
    ]);
  });
});

describe('the HTML report', () => {
  const failing = lab(
    [
      { kind: 'action', at: at(0.5), what: `apply ${hostile}` },
      pod(1, hostile, 'Pending not-ready', 'ADDED'),
      pod(2, hostile, 'Running ready node=w1'),
      pod(3, hostile, 'Running ready node=w1 restarts=1'),
      { kind: 'traffic', at: at(2), ok: 10, failed: 5, versions: { [hostile]: 10 }, pods: [hostile] },
      { kind: 'downtime', at: at(2.1), to: at(2.4), failed: 5 },
      { kind: 'check', at: at(4), name: 'deployment rolled out', passed: true, detail: '', durationMs: 1500, deadlineMs: 2000 },
      { kind: 'check', at: at(4.5), name: 'zero failed requests', passed: false, detail: hostile, durationMs: 0, deadlineMs: 0 },
    ],
    {
      status: 'failed',
      title: { en: hostile, fr: hostile },
      steps: [
        {
          title: 'update under traffic',
          status: 'failed',
          durationMs: 4000,
          checks: [
            { name: 'zero failed requests', status: 'failed', durationMs: 0, deadlineMs: 0, message: hostile, hint: 'add a readinessProbe', diagnosis: { causes: ['the readiness probe fails'], pods: [], events: [], logs: [{ pod: 'web', container: 'app', lines: [hostile] }] } },
          ],
        },
      ],
      measurements: [{ name: 'failed_requests', value: 5, unit: 'requests', description: 'failed during the update' }],
      error: { message: 'zero failed requests: 5 failed' },
    },
  );

  it('shows every text of the result escaped, and loads nothing', () => {
    const html = htmlReport({ kind: 'run', result: run(failing) });
    expect(html).not.toContain(hostile);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\ssrc=|@import|url\(|rel="stylesheet"/);
    for (const cls of ['downtime', 'pod-bar', 'pod-restart', 'traffic-ok', 'traffic-failed', 'check-passed', 'check-failed', 'check-deadline', 'action']) {
      expect(html, cls).toMatch(new RegExp(`<[a-z]+ class="[^"]*\\b${cls}\\b[^"]*"[^>]*><title>`));
    }
    expect(html).toContain('add a readinessProbe');
    expect(html).toContain('the readiness probe fails');
    expect(html).toContain('failed during the update');
  });

  it('gives a run of several labs a table of contents, in the language asked', () => {
    const html = htmlReport({ kind: 'run', result: run(lab([]), { ...lab([]), id: 'other' }) }, { lang: 'fr' });
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Sommaire');
    expect(html).toContain('href="#lab-1-demo-lab"');
    expect(html).toContain('id="lab-2-other"');
    expect(html).toContain('Un lab de démo');
  });

  it('puts the verdict of a grade first, and a refusal instead of a timeline', () => {
    const grade: GradeResult = {
      schema: 'kindlab.grade/v1',
      ok: false,
      exercise: { id: 'rolling-update', title: 'An update without interruption', section: 's' },
      lang: 'en',
      files: ['app.yaml'],
      findings: [{ severity: 'error', rule: 'no-image', origin: 'app.yaml:2', subject: 'Deployment web', message: `no image ${hostile}`, hint: 'give the container an image' }],
      refused: { stage: 'check', message: `app.yaml:2 Deployment web: no image ${hostile}` },
      startedAt,
      durationMs: 300,
    };
    const html = htmlReport({ kind: 'grade', result: grade });
    expect(html).not.toContain(hostile);
    expect(html).toMatch(/<h1><span class="badge failed">not yet<\/span>/);
    expect(html).toContain('<section class="refused">');
    expect(html).toContain('the check of your files');
    expect(html).toContain('give the container an image');
    expect(html).not.toContain('<svg');
  });

  it('shows the graded lab of a grade that reached the cluster', () => {
    const grade: GradeResult = { schema: 'kindlab.grade/v1', ok: false, exercise: { id: 'demo-lab', title: 'A demo lab', section: 's' }, lang: 'fr', files: ['app.yaml'], findings: [], lab: failing, startedAt, durationMs: 5000 };
    const html = htmlReport({ kind: 'grade', result: grade });
    expect(html).toContain('à reprendre');
    expect(html).toContain('class="downtime"');
    expect(html).not.toContain('class="refused"');
  });
});
