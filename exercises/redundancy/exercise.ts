import { defineExercise, failedRequests } from 'kindlab';

/** Redundancy: replicas on two machines, so losing one does not stop the service. */
export default defineExercise({
  id: 'redundancy',
  title: { fr: 'Survivre à la perte d’un nœud', en: 'Survive the loss of a node' },
  section: 'Redondance (ReplicaSets, pas de SPoF)',
  guide: 'redundancy',
  duration: '90s',
  needs: ['node-chaos', 'two-workers'],
  exclusive: true,
  clusterWide: true,
  statement: {
    fr: `Écrivez un Deployment de \`docker.io/kindlab/demo:1.0.0\` (port 8080) et un Service (port 80) qui
**survivent à la perte d'une machine** : pas de point de défaillance unique.

Ce que fera la correction : depuis un pod du cluster, elle envoie 50 requêtes par seconde à votre
Service, puis **arrête le nœud** qui porte le plus de vos pods pendant 40 s, et le redémarre.

Réussi si : vos pods tournent sur au moins deux nœuds ; pendant la panne, jamais plus de 3 s sans
réponse réussie ; une fois le nœud déclaré perdu, toutes les requêtes aboutissent.`,
    en: `Write a Deployment of \`docker.io/kindlab/demo:1.0.0\` (port 8080) and a Service (port 80) that **survive
the loss of a machine**: no single point of failure.

What grading does: from a pod inside the cluster it sends 50 requests per second to your Service, then
**stops the node** that holds most of your pods for 40 s, and starts it again.

Passes if: your pods run on at least two nodes; during the outage, never more than 3 s without a
successful answer; once the node is declared lost, every request succeeds.`,
  },
  async grade(g) {
    const spread = g.hint({ en: 'two or more replicas, on two or more nodes: nothing pins them to one (nodeName, a nodeSelector only one node matches)', fr: 'deux réplicas ou plus, sur deux nœuds ou plus : rien ne les attache à un seul (nodeName, un nodeSelector qu’un seul nœud satisfait)' });
    const { app, service, victim } = await g.step(g.t({ en: 'Replicas on two nodes, behind a Service', fr: 'Des réplicas sur deux nœuds, derrière un Service' }), async () => {
      await g.applyStudentFiles();
      const app = await g.find.deployment();
      const service = await g.find.serviceFor(app);
      g.check(g.t({ en: 'at least 2 replicas', fr: 'au moins 2 réplicas' }), app.replicas >= 2, `replicas: ${app.replicas}`, spread);
      await g.expect(g.deployment(app.name).available(app.replicas), { within: '90s' });
      const perNode = g.pods(app.podSelector).perNode();
      g.check(g.t({ en: 'the pods run on at least two nodes', fr: 'les pods tournent sur au moins deux nœuds' }), perNode.size >= 2, JSON.stringify(Object.fromEntries(perNode)), spread);
      const victim = [...perNode.entries()].sort((a, b) => b[1] - a[1])[0]![0];
      return { app, service, victim };
    });

    const traffic = g.traffic({ service: service.name, rate: 50, avoidNode: victim });
    await g.step(g.t({ en: 'Requests flow through the Service', fr: 'Les requêtes passent par le Service' }), async () => {
      await traffic.answered(50, { within: '60s' });
    });

    await g.step(g.t({ en: `Node ${victim} stops: the service keeps answering`, fr: `Le nœud ${victim} s’arrête : le service continue de répondre` }), async () => {
      const stop = await g.stopNode(victim);
      const lost = await g.expect(g.node(victim).notReady(), { within: '60s' });
      // kube-proxy drops the lost node's endpoints a moment after NotReady: give it 5 s.
      await traffic.answered(250, { within: '30s', what: g.t({ en: 'answers after the node was declared lost', fr: 'des réponses une fois le nœud déclaré perdu' }) });
      const during = traffic.since(stop.at);
      const longest = Math.max(0, ...during.downtime.map((w) => w.durationMs));
      g.measure('failed_requests', during.failed, 'requests', 'failed requests from the node stop on', { requests: during.requests, downtime: during.downtime, byPod: during.byPod });
      g.measure('longest_downtime', longest, 'ms', 'longest window without a successful answer');
      g.check(g.t({ en: 'never more than 3 s without an answer', fr: 'jamais plus de 3 s sans réponse' }), longest <= 3000, `${longest} ms`, spread);
      const after = traffic.since(lost.metAt + 5000);
      g.check(g.t({ en: 'once the node is declared lost, every request succeeds', fr: 'une fois le nœud déclaré perdu, toutes les requêtes aboutissent' }), after.requests > 0 && after.failed === 0, failedRequests(after), g.hint({ en: 'a readinessProbe and a Service: the lost node\'s pods leave the endpoints, the others carry the traffic', fr: 'une readinessProbe et un Service : les pods du nœud perdu quittent les endpoints, les autres portent le trafic' }));
      await traffic.stop();
      await g.startNode(victim);
      await g.expect(g.node(victim).ready(), { within: '120s' });
      g.note(`Deployment ${app.name} survived the loss of ${victim}`);
    });
  },
});
