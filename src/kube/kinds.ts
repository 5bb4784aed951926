import { KindlabError } from '../core/errors.js';
import type { KubeClient } from './client.js';
import { getJson } from './discovery.js';

/** A kind the API server serves, as discovery says: where its objects are listed and watched. */
export interface ServedKind {
  kind: string;
  /** Plural resource name, e.g. "jobs". */
  resource: string;
  /** "" for the core group. */
  group: string;
  /** "v1", "apps/v1", "batch/v1". */
  groupVersion: string;
  namespaced: boolean;
  singular: string;
  shortNames: string[];
}

interface ResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean; singularName?: string; shortNames?: string[] }>;
}

const served = new WeakMap<KubeClient, Promise<ServedKind[]>>();

/**
 * Every top-level kind the cluster serves (core first, then each group at its preferred version,
 * in the server's order of priority, CRDs included), asked once per client.
 */
export function servedKinds(client: KubeClient, refresh = false): Promise<ServedKind[]> {
  let kinds = served.get(client);
  if (!kinds || refresh) {
    kinds = discover(client);
    served.set(client, kinds);
    kinds.catch(() => served.delete(client));
  }
  return kinds;
}

async function discover(client: KubeClient): Promise<ServedKind[]> {
  const groups = await getJson<{ groups?: Array<{ name: string; preferredVersion?: { groupVersion: string } }> }>(client, '/apis');
  const versions = [{ group: '', groupVersion: 'v1' }, ...(groups.groups ?? []).flatMap((g) => (g.preferredVersion ? [{ group: g.name, groupVersion: g.preferredVersion.groupVersion }] : []))];
  // A group whose API service is down (metrics) answers an error: its kinds are left out, not the others.
  const lists = await Promise.all(versions.map((v) => getJson<ResourceList>(client, v.groupVersion === 'v1' ? '/api/v1' : `/apis/${v.groupVersion}`).catch(() => ({}) as ResourceList)));
  return lists.flatMap((list, i) =>
    (list.resources ?? [])
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({ kind: r.kind, resource: r.name, group: versions[i]!.group, groupVersion: versions[i]!.groupVersion, namespaced: r.namespaced, singular: r.singularName || r.kind.toLowerCase(), shortNames: r.shortNames ?? [] })),
  );
}

/**
 * The kind a lab names as kubectl would take it: `Job`, `job`, `jobs`, a short name (`sts`), or
 * qualified by its group (`jobs.batch`, `Job.batch`, `deployments.v1.apps`). Unknown: one error
 * naming the closest kinds the cluster serves.
 */
export async function resolveKind(client: KubeClient, name: string): Promise<ServedKind> {
  // A kind not found may be a CRD installed since: discovery is asked again once.
  const found = pickKind(await servedKinds(client), name) ?? pickKind(await servedKinds(client, true), name);
  if (found) return found;
  throw unknownKind(await servedKinds(client), name);
}

/** The one message for a kind the cluster does not serve: the closest it does, and how to name one. */
export function unknownKind(kinds: readonly ServedKind[], name: string): KindlabError {
  const near = closestKinds(kinds, name);
  return new KindlabError('UNKNOWN_KIND', `the cluster serves no kind "${name}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`, {
    fix: 'name a kind as kubectl does: Job, StatefulSet, configmaps, jobs.batch (`kubectl api-resources` lists them)',
  });
}

/** The first served kind `name` designates (core before groups, as kubectl prefers), if any. */
export function pickKind(kinds: readonly ServedKind[], name: string): ServedKind | undefined {
  const [head = '', ...rest] = name.trim().toLowerCase().split('.');
  const qualifier = rest.join('.');
  return kinds.find((k) => {
    const names = [k.kind.toLowerCase(), k.resource, k.singular, ...k.shortNames];
    if (!names.includes(head)) return false;
    if (!qualifier) return true;
    const version = k.groupVersion.split('/').at(-1)!;
    return qualifier === k.group || qualifier === `${version}.${k.group}` || (k.group === '' && qualifier === version);
  });
}

function closestKinds(kinds: readonly ServedKind[], name: string): string[] {
  const head = name.trim().toLowerCase().split('.')[0] ?? '';
  const scored = kinds.map((k) => ({ kind: k.kind, distance: Math.min(...[k.kind.toLowerCase(), k.resource].map((n) => editDistance(n, head))) }));
  return [...new Set(scored.filter((s) => s.distance <= 2).sort((a, b) => a.distance - b.distance).map((s) => s.kind))].slice(0, 3);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

/** Where a served kind's objects of a namespace are listed and watched (the cluster's, if cluster-scoped). */
export function kindCollectionPath(k: Pick<ServedKind, 'groupVersion' | 'resource' | 'namespaced'>, namespace: string): string {
  const base = k.groupVersion.includes('/') ? `/apis/${k.groupVersion}` : `/api/${k.groupVersion}`;
  return k.namespaced ? `${base}/namespaces/${namespace}/${k.resource}` : `${base}/${k.resource}`;
}
