import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { helperPodWaits } from '../../src/observe/helper-pod.js';

const pulling: V1Pod = { status: { phase: 'Pending', containerStatuses: [{ name: 'c', image: 'demo', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] } };
const running: V1Pod = { status: { phase: 'Running', podIP: '10.244.1.7', containerStatuses: [{ name: 'c', image: 'demo', imageID: '', ready: false, restartCount: 0, state: { running: {} } }] } };
const ready: V1Pod = { status: { ...running.status, conditions: [{ type: 'Ready', status: 'True' }] } };

describe('a helper pod awaited', () => {
  it('to start: met once its container runs (or already ended), else its waiting reason', () => {
    const { words, verdict } = helperPodWaits.started;
    expect(words).toBe('to start');
    expect(verdict(undefined, 'sampler pod')).toEqual({ met: false, why: 'sampler pod not started yet' });
    expect(verdict(pulling, 'sampler pod')).toEqual({ met: false, why: 'sampler pod ImagePullBackOff' });
    expect(verdict(running, 'sampler pod')).toEqual({ met: true, value: running });
  });

  it('to get an address: met once it has one, else its phase', () => {
    const { words, verdict } = helperPodWaits.addressed;
    expect(words).toBe('to get an address');
    expect(verdict(undefined, 'server pod')).toEqual({ met: false, why: 'server pod not created, no address yet' });
    expect(verdict(pulling, 'server pod')).toEqual({ met: false, why: 'server pod Pending, no address yet' });
    expect(verdict(running, 'server pod')).toEqual({ met: true, value: running });
  });

  it('to be Ready: met once its Ready condition is True, else its waiting reason or phase', () => {
    const { words, verdict } = helperPodWaits.ready;
    expect(words).toBe('to be Ready');
    expect(verdict(undefined, 'client pod')).toEqual({ met: false, why: 'client pod not created' });
    expect(verdict(pulling, 'client pod')).toEqual({ met: false, why: 'client pod ImagePullBackOff' });
    expect(verdict(running, 'client pod')).toEqual({ met: false, why: 'client pod Running' });
    expect(verdict(ready, 'client pod')).toEqual({ met: true, value: ready });
  });
});
