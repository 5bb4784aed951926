import { dockerInfo, ensureKind, Kind, loadCatalog, nodeContainers } from '../cluster/index.js';
import { kindlabClusterName } from '../kube/client.js';
import { forgetClusterRecord } from './cluster-record.js';

export interface DownResult {
  cluster: string;
  deleted: boolean;
  nodes: string[];
}

/** Deletes the kindlab cluster (its node containers and kubeconfig context); a no-op when absent. */
export async function down(cluster = kindlabClusterName): Promise<DownResult> {
  await dockerInfo();
  const nodes = (await nodeContainers(cluster)).map((n) => n.name);
  if (nodes.length === 0) return { cluster, deleted: false, nodes };
  const kind = new Kind(await ensureKind(loadCatalog().kind));
  await kind.delete(cluster);
  forgetClusterRecord(cluster);
  return { cluster, deleted: true, nodes };
}
