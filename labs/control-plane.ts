import { defineLab } from 'kindlab';

const components = ['kube-apiserver', 'kube-scheduler', 'kube-controller-manager', 'etcd'];

/**
 * The control plane decides, the nodes run: the API server, scheduler, controller manager and
 * etcd are healthy; every node runs a kubelet and a container runtime; the scheduler places a
 * pod, and a pod no node can take waits (FailedScheduling) until a node fits.
 */
export default defineLab({
  id: 'control-plane',
  title: { fr: 'Plan de contrôle et nœuds', en: 'The control plane and the nodes' },
  section: "Qu'est-ce que Kubernetes ? Plan de contrôle et nœuds",
  duration: '30s',
  needs: ['control-plane'],
  async run(lab) {
    await lab.step('The control plane components run and the API server is healthy', async () => {
      const running = await lab.controlPlane();
      for (const component of components) {
        const found = running.find((c) => c.component === component);
        lab.check(`${component} runs and is Ready`, found?.ready ?? false, found ? `${found.pod} on ${found.node}` : 'no pod');
      }
      const readyz = await lab.apiGet('/readyz?verbose');
      lab.check('GET /readyz answers 200', readyz.status === 200, `HTTP ${readyz.status}`);
      lab.check('…and says etcd is ok', /\[\+\]etcd ok/.test(readyz.body), readyz.body.split('\n').find((l) => l.includes('etcd')) ?? 'no etcd line');
      const livez = await lab.apiGet('/livez');
      lab.check('GET /livez answers 200', livez.status === 200, `HTTP ${livez.status}`);
    });

    await lab.step('Every node is Ready and runs a kubelet and a container runtime', async () => {
      const nodes = await lab.nodes();
      const controlPlane = nodes.find((n) => n.roles.includes('control-plane'));
      lab.check('a node has the control-plane role', Boolean(controlPlane), nodes.map((n) => `${n.name} (${n.roles.join(',') || 'worker'})`).join(', '));
      await lab.expect(lab.node(controlPlane!.name).ready(), { within: '10s' });
      for (const node of nodes) {
        lab.check(`node ${node.name} is Ready with kubelet ${node.kubelet} and ${node.runtime}`, node.ready && Boolean(node.kubelet) && Boolean(node.runtime));
      }
      lab.measure('nodes', nodes.length, 'nodes', 'nodes in the cluster', nodes.map((n) => ({ name: n.name, roles: n.roles, runtime: n.runtime })));
    });

    await lab.step('The scheduler places a pod on a node', async () => {
      const applied = await lab.apply('placed.yaml');
      const placed = await lab.expect(lab.pod('placed').scheduled(), { within: '30s' });
      const node = placed.value;
      // The watch event that first showed a node: exact even when the wait found it already done.
      const scheduledAt = lab.milestones('placed').scheduled ?? placed.metAt;
      lab.measure('apply_to_scheduled', scheduledAt - applied.at, 'ms', `pod created → bound to node ${node}`, { node });
    });

    await lab.step('A pod no node can take stays Pending, until a node gets the label it asks for', async () => {
      const value = `ssd-${lab.namespace.slice(-6)}`;
      await lab.apply('waiting.yaml', { LABEL_VALUE: value });
      const refused = await lab.expect(lab.event('FailedScheduling', 'waiting'), { within: '30s' });
      lab.note(`scheduler: ${refused.value}`);
      await lab.expect(lab.pod('waiting').pending(), { within: '10s' });
      const worker = (await lab.nodes()).find((n) => n.schedulable)!.name;
      const labelled = await lab.labelNode(worker, 'kindlab.dev/disk', value);
      const scheduled = await lab.expect(lab.pod('waiting').scheduled(), { within: '60s', what: `pod waiting is scheduled on ${worker}` });
      lab.check(`the pod went to ${worker}, the node with the label`, scheduled.value === worker, `node ${scheduled.value}`);
      lab.measure('label_to_scheduled', (lab.milestones('waiting').scheduled ?? scheduled.metAt) - labelled.at, 'ms', `node ${worker} labelled → the waiting pod bound to it`);
    });
  },
});
