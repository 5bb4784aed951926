import { defineLab } from 'kindlab';

const app = 'app=demo';

/**
 * Service: a stable virtual IP and DNS name in front of pods that come and go, spreading
 * requests over every Ready replica; a NodePort opens it outside the cluster; a pod that goes
 * away leaves the Service's endpoints.
 */
export default defineLab({
  id: 'services',
  title: { fr: 'Service : une IP et un nom DNS stables, la charge répartie', en: 'Service: a stable IP and DNS name, load balancing' },
  section: 'Principe de fonctionnement : service (IP, DNS, load balancing)',
  duration: '40s',
  needs: ['traffic'],
  async run(lab) {
    let clusterIP = '';
    await lab.step('Deploy 3 replicas, a ClusterIP Service, a NodePort Service and a client pod', async () => {
      await lab.apply('app.yaml');
      await lab.expect(lab.pods(app).ready(3), { within: '90s' });
      await lab.expect(lab.service('demo').readyEndpoints(3), { within: '30s' });
      await lab.expect(lab.pods('app=client').ready(1), { within: '60s' });
      clusterIP = await lab.service('demo').clusterIP();
      lab.check('the Service has a ClusterIP', /^\d+\.\d+\.\d+\.\d+$/.test(clusterIP), clusterIP);
    });

    await lab.step('Its DNS name resolves to that IP from inside a pod', async () => {
      for (const name of [`demo.${lab.namespace}.svc.cluster.local`, 'demo']) {
        const answer = await lab.exec('client', ['nslookup', name]);
        const addresses = [...answer.stdout.matchAll(/Address:\s*([\d.]+)/g)].map((m) => m[1]);
        lab.check(`${name} resolves to the ClusterIP`, addresses.includes(clusterIP), `answers: ${addresses.join(', ') || answer.stderr.trim()}`);
      }
    });

    await lab.step('Requests through the Service are spread over every replica', async () => {
      // kube-proxy programs a new endpoint a moment after the API lists it: ask again until
      // every Ready replica has answered (each round is 60 requests from the client pod).
      let histogram: Record<string, number> = {};
      let rounds = 0;
      await lab.eventually(
        'every Ready replica answers requests sent to http://demo/',
        async () => {
          rounds++;
          const result = await lab.exec('client', ['sh', '-c', 'for i in $(seq 60); do wget -q -O - http://demo/; echo; done']);
          histogram = {};
          for (const line of result.stdout.split('\n').filter(Boolean)) {
            const pod = (JSON.parse(line) as { pod: string }).pod;
            histogram[pod] = (histogram[pod] ?? 0) + 1;
          }
          const missing = lab.pods(app).readyNames().filter((p) => !histogram[p]);
          return missing.length === 0 ? true : `no answer yet from ${missing.join(', ')} (${JSON.stringify(histogram)})`;
        },
        { within: '30s', every: '1s' },
      );
      lab.measure('cluster_ip_requests', 60, 'requests', `requests from the client pod to http://demo/ (round ${rounds})`, { perPod: histogram });
    });

    await lab.step('The NodePort reaches the Service from outside its pods', async () => {
      const started = Date.now();
      const traffic = lab.traffic({ rate: 30 });
      await traffic.answered(60, { within: '30s' });
      await lab.eventually(
        'every replica answers through the NodePort too',
        async () => {
          const missing = lab.pods(app).readyNames().filter((p) => !traffic.since(started).byPod[p]);
          return missing.length === 0 ? true : `no answer yet from ${missing.join(', ')}`;
        },
        { within: '30s', every: '500ms' },
      );
      const report = await traffic.stop();
      lab.measure('node_port_requests', report.requests, 'requests', `requests to ${report.url} (NodePort)`, { perPod: report.byPod, failed: report.failed, latencyMs: report.latencyMs });
      lab.check('all of them answered', report.failed === 0, `${report.failed} failed`);
    });

    await lab.step('A pod that goes away leaves the endpoints; its replacement joins them', async () => {
      const [victim] = lab.pods(app).readyNames();
      const deleted = await lab.deletePod(victim!);
      const gone = await lab.expect(lab.service('demo').excludes(victim!), { within: '30s' });
      lab.measure('pod_deleted_to_endpoint_removed', gone.metAt - deleted.at, 'ms', 'pod deleted → no longer an endpoint of the Service');
      await lab.expect(lab.service('demo').readyEndpoints(3), { within: '60s', what: 'the replacement pod joined the endpoints' });
      lab.note(`endpoints now: ${(await lab.service('demo').endpoints()).join(', ')}`);
    });
  },
});
