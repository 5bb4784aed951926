import type { KubernetesObject, V1Pod } from '@kubernetes/client-node';
import { matchesSelector } from '../../observe/conditions.js';
import { isPodReady, isTerminating, lastTermination, restartCount } from '../../kube/status.js';
import { met, named, notYet, type Expectation } from './expectation.js';

const select = (objects: KubernetesObject[], selector?: string) => (objects as V1Pod[]).filter((p) => matchesSelector(p, selector));
const names = (pods: V1Pod[]) => pods.map((p) => p.metadata?.name).join(' ');

export function podsReady(selector: string, count: number, atLeast = false): Expectation<V1Pod[]> {
  return {
    resource: 'pods',
    what: `${atLeast ? 'at least ' : ''}${count} pod${count === 1 ? '' : 's'} (${selector}) Ready`,
    selector,
    evaluate: (objects) => {
      const all = select(objects, selector);
      const ready = all.filter(isPodReady);
      const waiting = all.filter((p) => !isTerminating(p) && !isPodReady(p)).length;
      return ready.length === count || (atLeast && ready.length > count) ? met(ready) : notYet(`${ready.length}/${count} Ready${waiting ? `, ${waiting} not ready yet` : ''}`);
    },
  };
}

/** `count` Ready pods of the selector, every one of them on `node`. */
export function podsReadyOn(selector: string, node: string, count: number): Expectation<V1Pod[]> {
  return {
    resource: 'pods',
    what: `${count} Ready pods (${selector}), all on ${node}`,
    selector,
    evaluate: (objects) => {
      const ready = select(objects, selector).filter(isPodReady);
      const elsewhere = ready.filter((p) => p.spec?.nodeName !== node).length;
      return ready.length === count && elsewhere === 0 ? met(ready) : notYet(`${ready.length} Ready, ${elsewhere} not on ${node}`);
    },
  };
}

export function podReplaced(selector: string, gone: string, previous: string[], count: number, goneUid?: string): Expectation<V1Pod> {
  // The same name with another uid is a new pod too (a StatefulSet's), when the old uid is known.
  const isOld = (p: V1Pod) => p.metadata?.name === gone && (goneUid === undefined || p.metadata?.uid === goneUid);
  const isNew = (p: V1Pod) => !isOld(p) && (!previous.includes(p.metadata?.name ?? '') || (goneUid !== undefined && p.metadata?.name === gone));
  return {
    resource: 'pods',
    what: `a new pod replaces ${gone} and ${count} are Ready`,
    selector,
    evaluate: (objects) => {
      const ready = select(objects, selector).filter(isPodReady);
      const replacement = ready.find(isNew);
      if (ready.some(isOld)) return notYet(`${gone} is still Ready`);
      if (!replacement) return notYet(`no new pod Ready yet (${ready.length} Ready)`);
      return ready.length === count ? met(replacement) : notYet(`${ready.length}/${count} Ready`);
    },
  };
}

export function podRestartedAndReady(name: string, minRestarts: number): Expectation<V1Pod> {
  return {
    resource: 'pods',
    what: `pod ${name} restarted (restarts ≥ ${minRestarts}) and Ready again`,
    evaluate: (objects) => {
      const pod = named<V1Pod>(objects, name);
      if (!pod) return notYet(`pod ${name} is gone`);
      const restarts = restartCount(pod);
      if (restarts < minRestarts) return notYet(`restarts=${restarts}`);
      return isPodReady(pod) ? met(pod) : notYet(`restarts=${restarts}, not Ready yet`);
    },
  };
}

export function podsGone(selector: string): Expectation<void> {
  return {
    resource: 'pods',
    what: `no pod left with ${selector}`,
    evaluate: (objects) => {
      const left = select(objects, selector);
      return left.length === 0 ? met(undefined) : notYet(`still there: ${names(left)}`);
    },
  };
}

/** Exactly `count` pods of the selector exist (terminating ones excluded), none named in `without`. */
export function podsCount(selector: string, count: number, without: string[] = []): Expectation<V1Pod[]> {
  return {
    resource: 'pods',
    what: `exactly ${count} pod${count === 1 ? '' : 's'} (${selector})${without.length ? `, not ${without.join(', ')}` : ''}`,
    selector,
    evaluate: (objects) => {
      const live = select(objects, selector).filter((p) => !isTerminating(p));
      const stale = live.filter((p) => without.includes(p.metadata?.name ?? ''));
      return live.length === count && stale.length === 0 ? met(live) : notYet(`${live.length} pods: ${names(live)}`);
    },
  };
}

export function podGone(name: string): Expectation<void> {
  return { resource: 'pods', what: `pod ${name} deleted`, evaluate: (objects) => (named(objects, name) ? notYet(`${name} still exists`) : met(undefined)) };
}

/** Some container of the selector's pods restarted (the value is that pod). */
export function podsRestarted(selector: string): Expectation<V1Pod> {
  return {
    resource: 'pods',
    what: `a container (${selector}) restarted`,
    selector,
    evaluate: (objects) => {
      const hit = select(objects, selector).find((p) => restartCount(p) > 0);
      return hit ? met(hit) : notYet('no restart');
    },
  };
}

/** `seen` tells whether the lab's watch ever saw the pod: until it did, "gone" means nothing. */
export function podRemoved(name: string, seen: () => boolean): Expectation<void> {
  return {
    resource: 'pods',
    what: `pod ${name} created, then removed`,
    evaluate: (objects) => (!seen() ? notYet(`pod ${name} not seen yet`) : named(objects, name) ? notYet(`${name} still exists`) : met(undefined)),
  };
}

/** The pod is bound to a node (the value); or, with `bound: false`, Pending on none. */
export function podPlacement(name: string, bound: boolean): Expectation<string> {
  return {
    resource: 'pods',
    what: bound ? `pod ${name} is scheduled on a node` : `pod ${name} is Pending, on no node`,
    evaluate: (objects) => {
      const pod = named<V1Pod>(objects, name);
      const node = pod?.spec?.nodeName ?? '';
      if (!pod) return notYet(`pod ${name} not seen yet`);
      if (bound) return node ? met(node) : notYet('not scheduled yet');
      return pod.status?.phase === 'Pending' && !node ? met('') : notYet(`phase ${pod.status?.phase ?? 'unknown'}, node ${node || 'none'}`);
    },
  };
}

/** Some pod of the selector had a container stopped for this reason (e.g. OOMKilled). */
export function podsTerminatedWith(selector: string, reason: string): Expectation<V1Pod> {
  return {
    resource: 'pods',
    what: `a container (${selector}) was ${reason}`,
    selector,
    evaluate: (objects) => {
      const pods = select(objects, selector);
      const hit = pods.find((p) => lastTermination(p) === reason);
      // What stopped the containers instead, exit code included: the runtime's own words.
      const seen = pods.map((p) => {
        const s = p.status?.containerStatuses?.[0];
        const t = s?.lastState?.terminated ?? s?.state?.terminated;
        return t ? `${p.status?.phase}, last stopped: ${t.reason ?? 'no reason'} (exit ${t.exitCode})` : p.status?.phase;
      });
      return hit ? met(hit) : notYet(`no ${reason} yet (${seen.join('; ') || 'no pod'})`);
    },
  };
}

/** The kubelet reports these limits on the running container (an in-place resize took effect). */
export function podResourcesApplied(name: string, container: string, limits: Record<string, string>): Expectation<V1Pod> {
  return {
    resource: 'pods',
    what: `the kubelet applied ${JSON.stringify(limits)} to ${name}/${container}`,
    evaluate: (objects) => {
      const pod = named<V1Pod>(objects, name);
      const status = pod?.status?.containerStatuses?.find((s) => s.name === container);
      const applied = status?.resources?.limits ?? {};
      return pod && Object.entries(limits).every(([k, v]) => applied[k] === v) ? met(pod) : notYet(`container resources: ${JSON.stringify(status?.resources ?? {})}`);
    },
  };
}

/** Any condition on the pods of a selector, described in words. */
export function podsSatisfy(selector: string, what: string, test: (pods: V1Pod[]) => true | string): Expectation<V1Pod[]> {
  return {
    resource: 'pods',
    what,
    selector,
    evaluate: (objects) => {
      const pods = select(objects, selector);
      const verdict = test(pods);
      return verdict === true ? met(pods) : notYet(verdict);
    },
  };
}

/** Exactly `count` pods of the selector in this phase (Pending, Running, Succeeded, Failed). */
export function podsInPhase(selector: string, phase: string, count: number): Expectation<V1Pod[]> {
  return {
    resource: 'pods',
    what: `${count} pod${count === 1 ? '' : 's'} (${selector}) ${phase}`,
    selector,
    evaluate: (objects) => {
      const pods = select(objects, selector);
      const inPhase = pods.filter((p) => p.status?.phase === phase);
      if (inPhase.length === count) return met(inPhase);
      const phases = new Map<string, number>();
      for (const p of pods) phases.set(p.status?.phase ?? 'Unknown', (phases.get(p.status?.phase ?? 'Unknown') ?? 0) + 1);
      return notYet(`${inPhase.length}/${count} ${phase}; ${[...phases].map(([k, n]) => `${k}=${n}`).join(' ') || 'no pod'}`);
    },
  };
}

/** A pod of this name again, but another one (a new uid), and Ready: a StatefulSet's pod recreated. */
export function podRecreated(name: string, previousUid: string): Expectation<V1Pod> {
  return {
    resource: 'pods',
    what: `pod ${name} recreated (same name, new uid) and Ready`,
    evaluate: (objects) => {
      const pod = named<V1Pod>(objects, name);
      if (!pod) return notYet(`${name} is gone, not back yet`);
      if (pod.metadata?.uid === previousUid) return notYet(`${name} is still the same pod (uid ${previousUid.slice(0, 8)}…)${isTerminating(pod) ? ', terminating' : ''}`);
      return isPodReady(pod) ? met(pod) : notYet(`${name} is back (new uid), not Ready yet`);
    },
  };
}
