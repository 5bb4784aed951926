import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cacheDir } from '../core/paths.js';

/**
 * What a cluster was created from: its kind configuration and node image. `kindlab up` compares
 * it with the current ones and recreates the cluster when they changed, so a reused cluster is
 * always the one the checkout describes.
 */
export interface ClusterRecord {
  configSha256: string;
  /** The Kubernetes release it runs (absent in records written before releases were pinned). */
  kubernetes?: string;
  nodeImage: string;
  /** Fingerprint of an offline node image (empty for kind's published image). */
  nodeFingerprint: string;
  createdAt: string;
}

const recordPath = (cluster: string) => join(cacheDir(), 'clusters', `${cluster}.json`);

export function configDigest(configText: string): string {
  return createHash('sha256').update(configText).digest('hex');
}

export function readClusterRecord(cluster: string): ClusterRecord | undefined {
  try {
    return JSON.parse(readFileSync(recordPath(cluster), 'utf8')) as ClusterRecord;
  } catch {
    return undefined;
  }
}

export function writeClusterRecord(cluster: string, record: ClusterRecord): void {
  const path = recordPath(cluster);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
}

export function forgetClusterRecord(cluster: string): void {
  rmSync(recordPath(cluster), { force: true });
}

/** Why a cluster created from `record` no longer matches (undefined when it does, or is unknown). */
export function staleReason(record: ClusterRecord | undefined, current: { configSha256: string; kubernetes?: string; nodeFingerprint?: string | undefined }): string | undefined {
  if (!record) return undefined;
  if (current.kubernetes && record.kubernetes !== current.kubernetes) return `the cluster runs Kubernetes ${record.kubernetes ?? 'of an older pin'}, kindlab is set to ${current.kubernetes}`;
  if (record.configSha256 !== current.configSha256) return 'kind-config.yaml changed since the cluster was created';
  if (record.nodeFingerprint && current.nodeFingerprint && record.nodeFingerprint !== current.nodeFingerprint) {
    return 'the offline node image recipe changed since the cluster was created';
  }
  return undefined;
}
