import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { exercises } from '../course.js';
import { failedChecks } from '../../src/course/index.js';
import { gradeExercise } from '../../src/grade/grade.js';
import { verdictOf } from '../../src/observe/informer.js';
import { waitOn } from '../../src/observe/wait-on.js';
import { applyYaml, freshNamespace, kube } from './helpers.js';

const client = kube();

// Issue 24, category 6: in place, whatever lives in the student's namespace may have been written by
// the student — Events included. A forged FailedScheduling Event once passed the scheduling check.
describe('a grade in place, beside evidence the student wrote', () => {
  it('judges the scheduler by the pod\'s status, not by an Event anyone with edit may create', { timeout: 300_000 }, async () => {
    const ns = await freshNamespace(client, 'kindlab-e2e-forged');
    try {
      // Wrong: the pod is held by a scheduling gate, not by a node label the scheduler waits for.
      await applyYaml(client, `apiVersion: apps/v1
kind: Deployment
metadata: {name: gated}
spec:
  replicas: 1
  selector: {matchLabels: {app: gated}}
  template:
    metadata: {labels: {app: gated}}
    spec:
      schedulingGates: [{name: example.com/hold}]
      containers: [{name: app, image: docker.io/kindlab/demo:1.0.0}]`, ns.name);
      let pod = '';
      await waitOn<V1Pod>(client, `/api/v1/namespaces/${ns.name}/pods`, (pods) => {
        pod = [...pods.values()][0]?.metadata?.name ?? '';
        return verdictOf(pod !== '' || 'no pod yet');
      }, 'the gated pod', 60_000);
      const now = new Date();
      await client.core.createNamespacedEvent({
        namespace: ns.name,
        body: {
          metadata: { name: `${pod}.forged` },
          involvedObject: { kind: 'Pod', name: pod, namespace: ns.name, apiVersion: 'v1' },
          reason: 'FailedScheduling',
          message: '0/3 nodes are available: 3 node(s) didn\'t match Pod\'s node affinity/selector.',
          type: 'Warning',
          source: { component: 'default-scheduler' },
          reportingComponent: 'default-scheduler',
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      });
      const result = await gradeExercise({ client, exercise: exercises.find((e) => e.id === 'scheduling')!, lang: 'en', namespace: ns.name });
      expect(result.ok).toBe(false);
      const [first] = failedChecks(result);
      // Refused on the very check the Event would have passed, saying what the pod's status shows.
      expect(first?.name).toBe('the scheduler finds no node for it');
      expect(first?.message).toContain('SchedulingGated');
    } finally {
      await ns.remove();
    }
  });
});
