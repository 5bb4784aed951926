import { secretForms, redact } from '../core/redact.js';
import { applyOne } from '../kube/apply.js';
import type { KubeClient } from '../kube/client.js';
import { KubeApiError } from '../kube/errors.js';
import { secretValues } from '../kube/intake.js';
import type { Manifest } from '../kube/manifests.js';
import type { Finding, Lang } from './rules.js';

/**
 * Asks the API server what it thinks of each object, without creating anything: a server-side
 * apply with dryRun=All and strict field validation (a misspelt field is an error, not silently
 * dropped). Namespaced objects are tried in `namespace` (default: `default`): the question is their shape.
 */
export async function dryRunOnServer(client: KubeClient, manifests: Manifest[], lang: Lang, namespace = 'default'): Promise<Finding[]> {
  const findings: Finding[] = [];
  const secrets = secretForms(manifests.flatMap(secretValues));
  for (const manifest of manifests) {
    const object = structuredClone(manifest.object);
    const subject = `${object.kind} ${object.metadata.name}`;
    const namespaced = await client.objects.isNamespaced(object.apiVersion, object.kind);
    if (namespaced === undefined) {
      findings.push({
        severity: 'error',
        rule: 'unknown-kind',
        origin: manifest.origin,
        subject,
        message: lang === 'fr' ? `l'API ne connaît pas ${object.kind} en ${object.apiVersion}` : `the API server knows no ${object.kind} in ${object.apiVersion}`,
        hint: lang === 'fr' ? `vérifiez apiVersion et kind (\`kubectl api-resources\` les liste ; ex. Deployment : apps/v1)` : 'check apiVersion and kind (`kubectl api-resources` lists them; e.g. Deployment is apps/v1)',
      });
      continue;
    }
    if (namespaced) object.metadata.namespace = namespace;
    try {
      await applyOne(client, { object, origin: manifest.origin }, { dryRun: true, manager: 'kindlab-check', patienceMs: 10_000, redact: (t) => redact(t, secrets) });
    } catch (error) {
      if (!(error instanceof KubeApiError) || error.status >= 500) throw error;
      findings.push({
        severity: 'error',
        rule: 'rejected-by-api',
        origin: manifest.origin,
        subject,
        message: `${lang === 'fr' ? "l'API le refuse" : 'the API server rejects it'}: ${error.message.replace(/^validating \S+ \S+ \([^)]*\): /, '')}`,
        hint: /kindlab class rule /.test(error.message)
          ? lang === 'fr'
            ? 'une règle de votre classe (un cluster partagé) : son message dit quoi écrire à la place'
            : 'a rule of your class (a shared cluster): its message says what to write instead'
          : lang === 'fr'
            ? 'corrigez le champ nommé ; `kubectl explain <kind>.<champ>` décrit chaque champ'
            : 'fix the field it names; `kubectl explain <kind>.<field>` describes each field',
      });
    }
  }
  return findings;
}
