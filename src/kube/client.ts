import { AppsV1Api, CoreV1Api, KubeConfig, type V1Node } from '@kubernetes/client-node';
import { KindlabError } from '../core/errors.js';
import { ObjectApi } from './objects.js';

export const kindlabClusterName = 'kindlab';
export const kindlabContext = `kind-${kindlabClusterName}`;

export interface ConnectOptions {
  /** Context to use; kindlab's own (kind-kindlab) by default. */
  context?: string;
  /** Allow a context that is not kindlab's kind cluster (labs are meant for it). */
  allowOtherContext?: boolean;
  /** A kubeconfig file instead of the default ($KUBECONFIG or ~/.kube/config). */
  kubeconfig?: string;
}

/** The typed API clients of one cluster context. */
export interface KubeClient {
  config: KubeConfig;
  context: string;
  server: string;
  /** The context's namespace, if it names one (a student's kubeconfig does). */
  namespace: string | undefined;
  core: CoreV1Api;
  apps: AppsV1Api;
  objects: ObjectApi;
}

/**
 * Loads the kubeconfig and selects kindlab's context explicitly (never the current-context the
 * user happens to have): labs create namespaces and kill pods, so another cluster is refused.
 */
export function connect(options: ConnectOptions = {}): KubeClient {
  const config = new KubeConfig();
  if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
  else config.loadFromDefault();
  // A kubeconfig file named on purpose (a class's student file) is used as it says.
  const context = options.context ?? (options.kubeconfig ? config.getCurrentContext() : kindlabContext);
  if (context !== kindlabContext && !options.allowOtherContext && !options.kubeconfig) {
    throw new KindlabError('WRONG_CONTEXT', `refusing context "${context}": kindlab runs on its own kind cluster (context ${kindlabContext})`, {
      fix: `use the default context (run \`kindlab up\`), or pass --allow-other-context to use "${context}" anyway`,
    });
  }
  if (!config.getContextObject(context)) {
    throw new KindlabError('NO_CLUSTER', `no kubeconfig context "${context}" (is the cluster created?)`, {
      fix: context === kindlabContext ? 'create the cluster with `kindlab up`' : `check \`kubectl config get-contexts\``,
    });
  }
  config.setCurrentContext(context);
  const server = config.getCurrentCluster()?.server ?? '';
  return {
    config,
    context,
    server,
    namespace: config.getContextObject(context)?.namespace,
    core: config.makeApiClient(CoreV1Api),
    apps: config.makeApiClient(AppsV1Api),
    objects: ObjectApi.forConfig(config),
  };
}

/** Whether a node belongs to a kind cluster (chaos on nodes is only allowed there). */
export function isKindNode(node: V1Node): boolean {
  return (node.spec?.providerID ?? '').startsWith('kind://');
}
