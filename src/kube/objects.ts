import { KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';

/** client-node's generic object API, plus the one question it keeps protected: is a kind namespaced? */
export class ObjectApi extends KubernetesObjectApi {
  static forConfig(config: KubeConfig): ObjectApi {
    return config.makeApiClient(ObjectApi);
  }

  /** True or false from API discovery; undefined when the API server does not know the kind. */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean | undefined> {
    return (await this.resource(apiVersion, kind))?.namespaced;
  }

  /** The object's URL path (/apis/apps/v1/namespaces/ns/deployments/name); undefined for an unknown kind. */
  async pathOf(object: { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): Promise<string | undefined> {
    if (!(await this.resource(object.apiVersion, object.kind))) return undefined;
    return this.specUriPath(structuredClone(object), 'patch');
  }
}
