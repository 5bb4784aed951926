import type { CoreV1Event, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/core/redact.js';
import { formatDiagnosis, likelyCauses, summarizePod } from '../../src/observe/diagnose.js';

const pod = (status: V1Pod['status'], name = 'demo-1'): V1Pod => ({ metadata: { name }, spec: { containers: [], nodeName: 'w1' }, status });

describe('diagnosis', () => {
  it('explains an image that cannot be pulled', () => {
    const p = pod({ phase: 'Pending', containerStatuses: [{ name: 'app', image: 'kindlab/demo:9.9', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] });
    expect(likelyCauses([p], [])[0]).toMatch(/image "kindlab\/demo:9\.9" is not present in the cluster/);
  });

  it('explains an unschedulable pod and a failing readiness probe', () => {
    const p = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available' }] });
    const e: CoreV1Event = { metadata: {}, involvedObject: { name: 'demo-2' }, reason: 'Unhealthy', message: 'Readiness probe failed: HTTP probe failed with statuscode: 503' };
    const causes = likelyCauses([p], [e]);
    expect(causes).toContain('no node can run pod demo-1: 0/3 nodes are available');
    expect(causes.join('\n')).toMatch(/readiness probe of demo-2 fails/);
  });

  it('names a claim still waiting for its volume, and ignores the events of pods outside the wait', () => {
    const waiting = pod({ phase: 'Pending' }, 'keeper-1');
    const events: CoreV1Event[] = [
      { metadata: {}, involvedObject: { kind: 'Pod', name: 'scratch-1' }, reason: 'Unhealthy', message: 'Readiness probe failed: connection refused' },
      { metadata: {}, involvedObject: { kind: 'PersistentVolumeClaim', name: 'data' }, reason: 'Provisioning', message: 'External provisioner is provisioning volume' },
    ];
    const causes = likelyCauses([waiting], events);
    expect(causes).toEqual([expect.stringMatching(/^the volume claim data still waits for its volume/)]);
    events.push({ metadata: {}, involvedObject: { kind: 'PersistentVolumeClaim', name: 'data' }, reason: 'ProvisioningSucceeded', message: 'ok' });
    expect(likelyCauses([waiting], events)).toEqual([]);
  });

  it('summarizes a crashing container', () => {
    const p = pod({
      phase: 'Running',
      containerStatuses: [{ name: 'app', image: 'x', imageID: '', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s' } } }],
    });
    const summary = summarizePod(p);
    expect(summary).toMatchObject({ name: 'demo-1', restarts: 3, ready: false });
    expect(summary.problems[0]).toBe('app: CrashLoopBackOff - back-off 40s');
    expect(formatDiagnosis({ causes: likelyCauses([p], []), pods: [summary], events: [], logs: [] })).toContain('keeps crashing');
  });

  it('redacts secret values', () => {
    expect(redact('password=s3cr3t-value ok', ['s3cr3t-value'])).toBe('password=[redacted] ok');
  });
});
