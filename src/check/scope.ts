import type { KubeClient } from '../kube/client.js';
import { clusterScopes, scopeProblem, type ScopeLookup } from '../kube/intake.js';
import type { Manifest } from '../kube/manifests.js';
import type { Finding, Lang } from './rules.js';

/** Cluster-scoped kinds a student might write, for a check with no API server to ask. */
const clusterScopedKinds = new Set(['Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'IngressClass', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass', 'RuntimeClass', 'CustomResourceDefinition', 'APIService', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'CertificateSigningRequest', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding']);

const offlineScopes: ScopeLookup = async (_apiVersion, kind) => !clusterScopedKinds.has(kind);

/**
 * What `kindlab grade` and a lab's intake refuse, found by `kindlab check` too (the same rule,
 * kube/intake's): an object in another namespace, a cluster-scoped one. `namespace` is where the
 * student's objects go when it is known (their own, in a class); else kindlab picks one later.
 */
export async function scopeFindings(manifests: readonly Manifest[], lang: Lang, client?: KubeClient, namespace?: string): Promise<Finding[]> {
  const scopeOf = client ? clusterScopes(client) : offlineScopes;
  const findings: Finding[] = [];
  for (const manifest of manifests) {
    // A kind the API server does not know is the dry run's finding.
    const namespaced = await scopeOf(manifest.object.apiVersion, manifest.object.kind).catch(() => offlineScopes(manifest.object.apiVersion, manifest.object.kind));
    if (namespaced === undefined) continue;
    const problem = scopeProblem(manifest, namespaced, { namespace });
    if (!problem) continue;
    findings.push({
      severity: 'error',
      rule: namespaced ? 'other-namespace' : 'cluster-scoped',
      origin: manifest.origin,
      subject: `${manifest.object.kind} ${manifest.object.metadata.name}`,
      message: problem[lang],
      hint: lang === 'fr'
        ? 'vos objets vont dans un seul namespace, celui que kindlab (ou votre classe) leur donne ; ce qui touche tout le cluster est pour son administrateur'
        : 'your objects go in one namespace, the one kindlab (or your class) gives them; what touches the whole cluster is its administrator\'s',
    });
  }
  return findings;
}
