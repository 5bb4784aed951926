import { loadCatalog, type Catalog } from '../cluster/index.js';
import { kindlabClusterName } from '../kube/client.js';
import { readClusterRecord } from './cluster-record.js';

/**
 * The catalog at the Kubernetes release this machine runs: `--kubernetes` if given, else
 * KINDLAB_KUBERNETES, else the release the cluster was created with (so a class kept on 1.36 stays
 * there), else the catalog's default.
 */
export function catalogFor(flag?: string, env: NodeJS.ProcessEnv = process.env): Catalog {
  const wanted = flag ?? env.KINDLAB_KUBERNETES ?? readClusterRecord(kindlabClusterName)?.kubernetes;
  return loadCatalog(undefined, { kubernetes: wanted || undefined });
}
