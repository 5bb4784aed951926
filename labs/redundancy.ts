import { defineLab, failedRequests } from 'kindlab';

const app = 'app=demo';

/**
 * Redundancy: with replicas spread over two machines there is no single point of failure. One
 * worker is stopped while requests keep coming; the Service keeps answering, the node is declared
 * NotReady, its pods are replaced on the other worker, then the node comes back.
 */
export default defineLab({
  id: 'redundancy',
  title: { fr: 'Redondance : perdre un nœud sans perdre le service', en: 'Redundancy: lose a node, keep the service' },
  section: 'Redondance (ReplicaSets, pas de SPoF)',
  duration: '100s',
  needs: ['traffic', 'node-chaos', 'two-workers'],
  exclusive: true,
  async run(lab) {
    let victim = '';
    let survivor = '';
    await lab.step('3 replicas spread over both workers, requests flowing', async () => {
      await lab.apply('app.yaml');
      await lab.expect(lab.pods(app).ready(3), { within: '90s' });
      const perNode = lab.pods(app).perNode();
      lab.check('the replicas run on both workers', perNode.size === 2, JSON.stringify(Object.fromEntries(perNode)));
      // Stop the worker with fewer replicas, as losing any one machine should be survivable.
      [victim, survivor] = [...perNode.entries()].sort((a, b) => a[1] - b[1]).map(([n]) => n) as [string, string];
    });

    // Requests come from the host, or (a cluster whose ports it cannot reach) from a pod off the victim.
    const traffic = lab.traffic({ rate: 50, avoidNode: victim });
    await lab.step('Requests flow through the Service', async () => {
      await traffic.answered(50, { within: '30s' });
    });

    let stoppedAt = 0;
    await lab.step('Stop a worker: the node goes NotReady and its pods move to the other worker', async () => {
      const stop = await lab.stopNode(victim);
      stoppedAt = stop.at;
      const notReady = await lab.expect(lab.node(victim).notReady(), { within: '90s' });
      lab.measure('node_stop_to_not_ready', notReady.metAt - stop.at, 'ms', `node ${victim} stopped → declared NotReady (node-monitor-grace-period 20s)`);
      const moved = await lab.expect(lab.pods(app).readyOn(survivor, 3), { within: '90s' });
      lab.measure('node_stop_to_replaced', moved.metAt - stop.at, 'ms', `node stopped → 3 Ready pods on ${survivor} (tolerationSeconds 5)`);
      await lab.expect(lab.service('demo').readyEndpoints(3), { within: '30s' });
      await traffic.answered(50, { within: '30s', what: 'answers after the move' });
    });

    await lab.step('The Service kept answering through the loss of a node', async () => {
      const during = traffic.since(stoppedAt);
      const longest = Math.max(0, ...during.downtime.map((w) => w.durationMs));
      lab.measure('failed_requests', during.failed, 'requests', 'failed requests from the node stop until the pods had moved', {
        requests: during.requests,
        downtime: during.downtime,
        errors: during.errors,
        byPod: during.byPod,
      });
      lab.measure('longest_downtime', longest, 'ms', 'longest window without a successful answer');
      lab.check('most requests succeeded throughout', during.failed < during.requests / 2, failedRequests(during));
      lab.check('never more than 3 s without an answer', longest < 3000, `${longest} ms`);
      const tail = traffic.since(Date.now() - 1000);
      lab.check('every request succeeds again after the move', tail.failed === 0, `${tail.failed} of ${tail.requests} failed in the last second`);
      await traffic.stop();
    });

    await lab.step('Start the worker again: it rejoins the cluster', async () => {
      const start = await lab.startNode(victim);
      const ready = await lab.expect(lab.node(victim).ready(), { within: '120s' });
      lab.measure('node_start_to_ready', ready.metAt - start.at, 'ms', `node ${victim} started → Ready again`);
    });
  },
});
