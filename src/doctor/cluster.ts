import type { V1Node, V1Pod, V1StorageClass } from '@kubernetes/client-node';
import { StorageV1Api } from '@kubernetes/client-node';
import { messageOf } from '../core/errors.js';
import { flowSecondsLeft, imageGaps, untranslatedFlowsOnNode } from '../cluster/index.js';
import { connect, kindlabClusterName, kindlabContext } from '../kube/client.js';
import { toKubeError } from '../kube/errors.js';
import { reachApi } from '../kube/reach.js';
import { isPodReady } from '../kube/status.js';
import { addonProblems, addonsFor, podNetworkOf, unneededRoles, waitForAddons } from '../observe/addons.js';
import { waitOn } from '../observe/wait-on.js';
import { pollUntil } from '../core/wait.js';
import { byName, nodesReady, systemPodsReady } from '../observe/cluster-readiness.js';
import { bootTimes, fail, ok, type Check, type DoctorState } from './check.js';

/** What the cluster itself must be for the labs: the same verdicts `up` waits for. */
export const clusterChecks: Check[] = [
  {
    id: 'context',
    title: `kubeconfig context ${kindlabContext} answers`,
    needs: ['nodes'],
    async run(state) {
      try {
        const client = connect();
        // Rides out an API server that is still restarting (Docker just brought the nodes back).
        await reachApi(client, { patienceMs: 30_000 });
        state.client = client;
        return ok(`API server ${client.server}`);
      } catch (error) {
        return fail(messageOf(toKubeError(error, 'reaching the API server')), `\`kind export kubeconfig --name ${kindlabClusterName}\`, or \`kindlab up\``);
      }
    },
    async settle(state, wait) {
      await reachApi(connect(), { patienceMs: wait.timeoutMs, onWait: wait.onPending, connectRefusedIsTransient: true });
    },
  },
  {
    id: 'nodes-ready',
    title: 'every node is Ready at the pinned version',
    needs: ['api'],
    async run(state) {
      const nodes: V1Node[] = (await state.client!.core.listNode()).items;
      const versions = [...new Set(nodes.map((n) => n.status?.nodeInfo?.kubeletVersion))];
      const detail = `${nodes.length} nodes, kubelet ${versions.join(', ')}`;
      // After a Docker restart, "Ready" may still be the status of the previous boot: same verdict as `up`.
      const verdict = nodesReady(kindNodes(state), bootTimes(state))(byName(nodes), undefined);
      if (!verdict.met) return fail(`${detail}; ${verdict.why}`, '`kubectl describe node NAME` (its conditions and events say why); `kindlab up --recreate` makes the cluster anew, deleting all that runs on it');
      if (versions.length !== 1 || versions[0] !== state.catalog.kubernetes) {
        return fail(`${detail}; expected ${state.catalog.kubernetes}`, '`kindlab up --recreate` (creates the cluster at the pinned version)');
      }
      return ok(detail);
    },
    settle: (state, wait) => waitOn<V1Node>(state.client!, '/api/v1/nodes', nodesReady(kindNodes(state), bootTimes(state)), 'every node Ready', wait.timeoutMs, { onPending: wait.onPending }),
  },
  {
    id: 'system-pods',
    title: 'CoreDNS and every kube-system pod are Ready',
    needs: ['api'],
    async run(state) {
      const pods: V1Pod[] = (await state.client!.core.listNamespacedPod({ namespace: 'kube-system' })).items;
      const verdict = systemPodsReady(bootTimes(state))(byName(pods), undefined);
      if (!verdict.met) return fail(verdict.why, '`kubectl -n kube-system describe pod NAME` (its events say why)');
      const dns = pods.filter((p) => p.metadata?.labels?.['k8s-app'] === 'kube-dns' && isPodReady(p)).length;
      return ok(`${pods.filter(isPodReady).length} pods Ready, CoreDNS ${dns}`);
    },
    settle: (state, wait) => waitOn<V1Pod>(state.client!, '/api/v1/namespaces/kube-system/pods', systemPodsReady(bootTimes(state)), 'every kube-system pod Ready', wait.timeoutMs, { diagnose: 'kube-system', onPending: wait.onPending }),
  },
  {
    id: 'storage',
    title: 'a default StorageClass exists',
    needs: ['api'],
    async run(state) {
      const classes: V1StorageClass[] = (await state.client!.config.makeApiClient(StorageV1Api).listStorageClass()).items;
      const found = classes.find((c) => c.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true');
      if (!found) return fail(`no default among: ${classes.map((c) => c.metadata?.name).join(', ') || 'none'}`, '`kindlab up --recreate`');
      return ok(`${found.metadata?.name} (${found.provisioner})`);
    },
  },
  {
    id: 'addons',
    title: 'the add-ons answer (Ingress controller, metrics-server, NetworkPolicy agent where needed)',
    needs: ['api'],
    async run(state) {
      const wanted = addonsFor(await podNetworkOf(state.client!));
      const problems = (await Promise.all(wanted.map((a) => addonProblems(state.client!, a)))).flat();
      if (problems.length) return fail(problems.join('; '), '`kindlab up --wait` (installs them and waits for them), then `kubectl -n NAMESPACE describe pod NAME` for one that stays down');
      return ok(`${wanted.map((a) => a.name).join(', ')} available; metrics API answers`);
    },
    async settle(state, wait) {
      await waitForAddons(state.client!, addonsFor(await podNetworkOf(state.client!)), wait.timeoutMs, wait.onPending);
    },
  },
  {
    id: 'images-loaded',
    title: 'the catalog\'s and the course\'s images are loaded in every node',
    needs: ['nodes'],
    async run(state) {
      // An add-on the cluster does not need (kindlab's NetworkPolicy agent beside kind's kindnet) is not loaded.
      const skipped = state.client ? unneededRoles(await podNetworkOf(state.client).catch(() => undefined)) : [];
      const wanted = [...state.catalog.images.filter((i) => i.scope === 'cluster' && !skipped.includes(i.role ?? '')).map((i) => i.ref), ...state.courseImages];
      const gaps = await imageGaps(state.nodes.map((n) => n.name), wanted);
      const list = (l: Array<{ ref: string; node: string }>) => l.map((g) => `${g.ref} on ${g.node}`).join(', ');
      if (gaps.missing.length || gaps.stale.length) {
        return fail([gaps.missing.length ? `missing: ${list(gaps.missing)}` : '', gaps.stale.length ? `older build: ${list(gaps.stale)}` : ''].filter(Boolean).join('; '), '`kindlab up` (loads them)');
      }
      return ok(`${wanted.length} images on ${state.nodes.length} nodes`);
    },
  },
  {
    id: 'network',
    title: 'service traffic stays inside the cluster',
    needs: ['nodes'],
    async run(state) {
      const leaks = await untranslatedFlows(state);
      if (leaks.length) return fail(`${leaks.length} flow(s) to a service address left untranslated (they would leave the cluster): ${leaks[0]}`, '`kindlab up --recreate` makes the cluster anew, deleting all that runs on it (the offline node image guards against this)');
      return ok('no untranslated flow to a service address on any node');
    },
    // Flows opened in the moment between a node's boot and kube-proxy's first rules are never
    // translated; they end (closed, or unanswered) and conntrack forgets them within 120 s.
    settle: (state, wait) =>
      pollUntil({ what: 'the untranslated flows of the boot to expire', timeoutMs: wait.timeoutMs, everyMs: 2_000, onPending: wait.onPending }, async () => {
        const leaks = await untranslatedFlows(state);
        const last = Math.max(...leaks.map((l) => flowSecondsLeft(l.slice(l.indexOf(': ') + 2)) ?? 0));
        return leaks.length === 0 || `${leaks.length} left, the last forgotten in ${last} s at most; e.g. ${leaks[0]}`;
      }).then(() => undefined),
  },
];

async function untranslatedFlows(state: DoctorState): Promise<string[]> {
  const leaks: string[] = [];
  for (const node of state.nodes) leaks.push(...(await untranslatedFlowsOnNode(node.name)).map((l) => `${node.name}: ${l.trim().slice(0, 120)}`));
  return leaks;
}

/** How many nodes kind made: its containers but a load balancer's. */
function kindNodes(state: DoctorState): number {
  return state.nodes.filter((n) => n.role !== 'external-load-balancer').length;
}
