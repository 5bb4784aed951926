import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import yaml from 'js-yaml';
import { KindlabError } from '../core/errors.js';
import type { KubeClient } from '../kube/client.js';
import { sendJson } from '../kube/raw.js';
import { instructorNamespace, serviceAccountName, studentNamespace, tokenAnchorName } from './objects.js';
import type { Student } from './roster.js';

/**
 * A token for the student's ServiceAccount that expires with the class and is bound to a Secret of
 * the instructor's namespace: deleting that Secret (`kindlab class revoke`) invalidates it at once.
 */
export async function issueToken(client: KubeClient, className: string, student: Student, seconds: number, anchorUid: string): Promise<{ token: string; expires: string }> {
  const owner = instructorNamespace(className);
  const body = {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { audiences: [], expirationSeconds: seconds, boundObjectRef: { apiVersion: 'v1', kind: 'Secret', name: tokenAnchorName(student), uid: anchorUid } },
  };
  const response = await sendJson(client, 'POST', `/api/v1/namespaces/${owner}/serviceaccounts/${serviceAccountName(student)}/token`, body);
  if (response.status >= 300) throw new KindlabError('TOKEN_FAILED', `issuing a token for ${student.id}: HTTP ${response.status} ${response.body.slice(0, 200)}`);
  const status = (JSON.parse(response.body) as { status: { token: string; expirationTimestamp: string } }).status;
  return { token: status.token, expires: status.expirationTimestamp };
}

/** A kubeconfig a student can use as it is: the cluster, their token, their namespace. Written 0600. */
export function writeStudentKubeconfig(client: KubeClient, className: string, student: Student, token: string, path: string): void {
  const cluster = client.config.getCurrentCluster();
  if (!cluster) throw new KindlabError('NO_CLUSTER', 'the instructor context names no cluster');
  const name = `kindlab-${className}-${student.id}`;
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: `kindlab-${className}`, cluster: { server: cluster.server, ...(cluster.caData ? { 'certificate-authority-data': cluster.caData } : {}), ...(cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}) } }],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: `kindlab-${className}`, user: name, namespace: studentNamespace(student) } }],
    'current-context': name,
  };
  mkdirSync(dirname(path), { recursive: true });
  // Tokens in a course repository: one `git add .` would publish them all. The folder ignores itself.
  const ignore = join(dirname(path), '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '# written by kindlab class: students\' kubeconfigs hold their tokens\n*\n');
  writeFileSync(path, yaml.dump(config), { mode: 0o600 });
  chmodSync(path, 0o600);
}
