import type { V1Node } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { exercises } from '../course.js';
import { nodeContainers, startNode, stopNode } from '../../src/cluster/nodes.js';
import { isSchedulable } from '../../src/kube/status.js';
import { verdictOf } from '../../src/observe/informer.js';
import { gradeExercise } from '../../src/grade/grade.js';
import { nodesReady } from '../../src/observe/cluster-readiness.js';
import { waitOn } from '../../src/observe/wait-on.js';
import { ClusterLock } from '../../src/runner/cluster-lock.js';
import { newRunIdentity, RunLeases } from '../../src/runner/coordination.js';
import type { RunnerEvent } from '../../src/runner/results.js';
import { freshNamespace, kube } from './helpers.js';

const client = kube();
const worker = 'kindlab-worker2';

// Issue 24, category 5: a grade started while another run's exclusive lab has a node stopped
// failed in under a second at its image check. It waits its turn as a run's labs do, and says for what.
describe('a grade on a cluster another run has to itself', () => {
  it('waits for that run\'s exclusive lab (a node stopped meanwhile), says so, then grades', { timeout: 420_000 }, async () => {
    const other = new RunLeases(client, newRunIdentity());
    const lock = new ClusterLock(other);
    const ns = await freshNamespace(client, 'kindlab-e2e-turn');
    const events: RunnerEvent[] = [];
    let stopped = false;
    try {
      const ticket = await lock.register(ns.name, 'node-stopper');
      await lock.enterExclusive(ticket, 'node-stopper', AbortSignal.timeout(180_000), () => {});
      await stopNode(worker);
      stopped = true;
      const exercise = exercises.find((e) => e.id === 'services')!;
      const grading = gradeExercise({ client, exercise, lang: 'en', files: ['exercises/services/solution'], sink: (e) => events.push(e) });
      const waiting = () => events.find((e) => e.type === 'note' && e.text.includes('node-stopper'));
      // The grade is held, not failed: it says whom it waits for while the node is down.
      const held = await Promise.race([grading.then(() => 'finished' as const), new Promise<'waiting'>((resolve) => {
        const timer = setInterval(() => waiting() && (clearInterval(timer), resolve('waiting')), 200);
      })]);
      expect(held).toBe('waiting');
      await startNode(worker);
      stopped = false;
      // As the redundancy lab does before it leaves: Ready since the node booted, and untainted.
      const boots = new Map((await nodeContainers('kindlab')).map((n) => [n.name, n.startedAt]));
      await waitOn<V1Node>(client, '/api/v1/nodes', nodesReady(3, boots), 'every node Ready since it booted', 180_000);
      await waitOn<V1Node>(client, '/api/v1/nodes', (nodes) => verdictOf([...nodes.values()].filter(isSchedulable).length >= 2 || 'a worker still tainted'), 'both workers untainted', 120_000);
      await lock.leave(ticket, true);
      const result = await grading;
      expect(result.refused).toBeUndefined();
      expect(result.lab?.error?.message).toBeUndefined();
      expect(result.ok).toBe(true);
      expect((waiting() as { text: string }).text).toMatch(/the cluster is held by lab node-stopper of run/);
    } finally {
      if (stopped) await startNode(worker).catch(() => undefined);
      other.stop();
      await ns.remove();
    }
  });
});
