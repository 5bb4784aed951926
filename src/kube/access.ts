import type { KubeClient } from './client.js';
import { sendJson } from './raw.js';

export interface AccessQuestion {
  verb: string;
  resource: string;
  group?: string;
  namespace?: string;
  subresource?: string;
}

/** What the API server says this identity may do (a SelfSubjectAccessReview): no guess from names. */
export async function canI(client: KubeClient, q: AccessQuestion): Promise<boolean> {
  const body = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { verb: q.verb, resource: q.resource, group: q.group ?? '', ...(q.namespace ? { namespace: q.namespace } : {}), ...(q.subresource ? { subresource: q.subresource } : {}) } },
  };
  const response = await sendJson(client, 'POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', body);
  if (response.status >= 300) return false;
  return (JSON.parse(response.body) as { status?: { allowed?: boolean } }).status?.allowed === true;
}

/**
 * Whether this identity is confined to one namespace (a student of a class): it may not create
 * namespaces, and its kubeconfig names the namespace it works in.
 */
export async function confinedNamespace(client: KubeClient): Promise<string | undefined> {
  if (!client.namespace) return undefined;
  return (await canI(client, { verb: 'create', resource: 'namespaces' })) ? undefined : client.namespace;
}
