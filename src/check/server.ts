import type { KubeClient } from '../kube/client.js';
import type { Manifest } from '../kube/manifests.js';
import { sendJson } from '../kube/raw.js';
import type { Finding, Lang } from './rules.js';
import { record } from './workloads.js';

const dryRunQuery = 'dryRun=All&fieldManager=kindlab-check&force=true&fieldValidation=Strict';

/**
 * Asks the API server what it thinks of each object, without creating anything: a server-side
 * apply with dryRun=All and strict field validation (a misspelt field is an error, not silently
 * dropped). Namespaced objects are tried in namespace `default`: the question is their shape.
 */
export async function dryRunOnServer(client: KubeClient, manifests: Manifest[], lang: Lang): Promise<Finding[]> {
  const findings: Finding[] = [];
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
    if (namespaced) object.metadata.namespace = 'default';
    const path = await client.objects.pathOf(object);
    if (!path) continue;
    const response = await sendJson(client, 'PATCH', `${path}?${dryRunQuery}`, object, 'application/apply-patch+yaml');
    if (response.status < 400) continue;
    findings.push({
      severity: 'error',
      rule: 'rejected-by-api',
      origin: manifest.origin,
      subject,
      message: `${lang === 'fr' ? "l'API le refuse" : 'the API server rejects it'}: ${redactSecret(manifest, statusMessage(response.body))}`,
      hint: lang === 'fr' ? 'corrigez le champ nommé ; `kubectl explain <kind>.<champ>` décrit chaque champ' : 'fix the field it names; `kubectl explain <kind>.<field>` describes each field',
    });
  }
  return findings;
}

function statusMessage(body: string): string {
  try {
    return (JSON.parse(body) as { message?: string }).message ?? body.slice(0, 300);
  } catch {
    return body.slice(0, 300);
  }
}

/** A Secret's values (and their base64) never appear in what kindlab prints, even quoted back by the API. */
export function redactSecret(manifest: Manifest, text: string): string {
  if (manifest.object.kind !== 'Secret') return text;
  const values = [...Object.values(record(manifest.object.data)), ...Object.values(record(manifest.object.stringData))].filter((v): v is string => typeof v === 'string' && v.length > 0);
  const forms = values.flatMap((v) => [v, Buffer.from(v).toString('base64'), Buffer.from(v, 'base64').toString('utf8')]).filter((v) => v.length >= 3);
  return forms.sort((a, b) => b.length - a.length).reduce((out, v) => out.split(v).join('***'), text);
}
