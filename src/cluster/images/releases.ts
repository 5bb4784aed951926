import { KindlabError } from '../../core/errors.js';
import type { Validator } from './validator.js';

/**
 * One Kubernetes release kindlab can run: kind's published node image for it (by digest), what
 * kubeadm pins for it (etcd, CoreDNS, pause: cmd/kubeadm/app/constants at that tag), when its
 * support ends, and where the labs were last run on it.
 */
export interface Release {
  kubernetes: string;
  /** kind's published node image, by digest. */
  node: string;
  /** End of life (YYYY-MM-DD, kubernetes.io/releases). */
  supportEnds: string;
  /** etcd's image tag as kubeadm pins it, e.g. 3.7.0-0. */
  etcd: string;
  coredns: string;
  pause: string;
  /** Where and how the labs were run on it, if they were. */
  tested: string | undefined;
}

export function parseReleases(v: Validator, raw: unknown): Record<string, Release> {
  const releases: Record<string, Release> = {};
  for (const [version, value] of Object.entries(v.object(raw, 'releases'))) {
    const at = `releases.${version}`;
    if (!/^v\d+\.\d+\.\d+$/.test(version)) v.fail(at, 'must be a version like v1.37.0');
    const r = v.object(value, at);
    const supportEnds = v.string(r.supportEnds, `${at}.supportEnds`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(supportEnds)) v.fail(`${at}.supportEnds`, `must be a date (YYYY-MM-DD), got "${supportEnds}"`);
    const node = v.string(r.node, `${at}.node`);
    if (!node.includes(`:${version}@sha256:`)) v.fail(`${at}.node`, `must be kind's image for ${version}, pinned by digest (kindest/node:${version}@sha256:…)`);
    releases[version] = {
      kubernetes: version,
      node,
      supportEnds,
      etcd: v.string(r.etcd, `${at}.etcd`),
      coredns: v.string(r.coredns, `${at}.coredns`),
      pause: v.string(r.pause, `${at}.pause`),
      tested: r.tested === undefined ? undefined : v.string(r.tested, `${at}.tested`),
    };
  }
  return releases;
}

/**
 * The release asked for ("v1.36.4", or "v1.36" for the one of that minor), else the default. An
 * unknown one is one message listing those that are known.
 */
export function pickRelease(releases: Record<string, Release>, defaultVersion: string, wanted: string | undefined, source: string): Release {
  const want = wanted ?? defaultVersion;
  const found = releases[want] ?? Object.values(releases).find((r) => r.kubernetes.startsWith(`${want.replace(/\.$/, '')}.`) && /^v\d+\.\d+$/.test(want));
  if (!found) {
    throw new KindlabError('UNKNOWN_KUBERNETES', `Kubernetes ${want} is not one of the releases in ${source} (${Object.keys(releases).join(', ')})`, {
      fix: wanted ? `pick one of them (--kubernetes or KINDLAB_KUBERNETES), or add it to ${source} with its pins` : `fix "kubernetes:" in ${source}`,
    });
  }
  return found;
}

/** What `{name}` stands for in the catalog, from the chosen release. */
export function releaseValues(r: Release): Record<string, string> {
  return { kubernetes: r.kubernetes, node: r.node, etcd: r.etcd, 'etcd-module': `v${r.etcd.replace(/-\d+$/, '')}`, coredns: r.coredns, pause: r.pause };
}

/** Days left until the release's end of life (negative once past it). */
export function supportDaysLeft(r: Release, now = Date.now()): number {
  return Math.floor((Date.parse(`${r.supportEnds}T23:59:59Z`) - now) / 86_400_000);
}
