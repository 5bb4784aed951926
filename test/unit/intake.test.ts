import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { takeIn, type ScopeLookup } from '../../src/kube/intake.js';

const dir = mkdtempSync(join(tmpdir(), 'kindlab-intake-'));
const file = (name: string, text: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return { path, display: name };
};
/** Discovery as a kind cluster answers it, for the kinds these tests use. */
const scopes: ScopeLookup = async (_apiVersion, kind) =>
  ({ Deployment: true, Service: true, ConfigMap: true, Secret: true, Namespace: false, ClusterRoleBinding: false, PersistentVolume: false })[kind] ?? undefined;
const configMap = (extra = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n${extra}data: {a: b}\n`;

describe('the manifest intake (the one door to the cluster)', () => {
  it('puts namespaced objects in the run namespace', async () => {
    const { manifests } = await takeIn([file('ok.yaml', configMap())], scopes, { namespace: 'kindlab-x-abc123' });
    expect(manifests[0]!.object.metadata.namespace).toBe('kindlab-x-abc123');
  });

  it('refuses an object naming another namespace, with file, line and object', async () => {
    await expect(takeIn([file('escape.yaml', `---\n${configMap('  namespace: kube-system\n')}`)], scopes, { namespace: 'kindlab-x-abc123' })).rejects.toThrow(
      'escape.yaml:2: ConfigMap settings names namespace "kube-system": refused, it goes in kindlab-x-abc123 (remove metadata.namespace)',
    );
  });

  it('refuses cluster-scoped kinds unless declared', async () => {
    const binding = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: me-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}\n';
    await expect(takeIn([file('admin.yaml', binding)], scopes, { namespace: 'ns' })).rejects.toThrow('admin.yaml:1: ClusterRoleBinding me-admin is cluster-scoped: refused');
    const declared = await takeIn([file('admin.yaml', binding)], scopes, { namespace: 'ns', clusterScoped: ['ClusterRoleBinding'] });
    expect(declared.manifests[0]!.object.metadata.namespace).toBeUndefined();
  });

  it('refuses a file with no object, naming it', async () => {
    await expect(takeIn([file('empty.yaml', '# only a comment\n---\n')], scopes, { namespace: 'ns' })).rejects.toThrow('empty.yaml: no Kubernetes object in this file');
  });

  it('reports every problem of every file at once, and a kind the API server does not know', async () => {
    const error = await takeIn([file('a.yaml', 'apiVersion: v1\nkind: Widget\nmetadata: {name: w}\n'), file('b.yaml', 'kind: [broken\n')], scopes, { namespace: 'ns' }).catch((e: Error) => e);
    expect((error as Error).message).toContain('a.yaml:1: Widget w: the API server knows no Widget in v1');
    expect((error as Error).message).toMatch(/b\.yaml:\d+:\d+: malformed YAML/);
  });

  it('fills placeholders strictly', async () => {
    await expect(takeIn([file('v.yaml', configMap().replace('a: b', 'a: ${MODE}'))], scopes, { namespace: 'ns', variables: {} })).rejects.toThrow('v.yaml: unknown variable ${MODE}');
  });

  it('refuses a huge file and a binary one before parsing them', async () => {
    await expect(takeIn([file('big.yaml', `${configMap()}# ${'x'.repeat(5 * 1024 * 1024)}\n`)], scopes, { namespace: 'ns' })).rejects.toThrow('big.yaml is 5.0 MiB: manifests over 1024 KiB are refused');
    await expect(takeIn([file('bin.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]))], scopes, { namespace: 'ns' })).rejects.toThrow('bin.yaml is not a text file');
  });

  it('collects the Secrets\' values so that nothing prints them', async () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: intake-S3cr3t}\n';
    const { secrets } = await takeIn([file('s.yaml', secret)], scopes, { namespace: 'ns' });
    expect(secrets).toEqual(expect.arrayContaining(['intake-S3cr3t', Buffer.from('intake-S3cr3t').toString('base64')]));
  });
});
