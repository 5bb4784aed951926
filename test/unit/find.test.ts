import type { V1Deployment } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { withEnvFrom, workloadInfo } from '../../src/runner/find.js';

const deployment = (container: object, volumes: object[] = []): V1Deployment =>
  ({ metadata: { name: 'app' }, spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image: 'kindlab/demo:1.0.0', ...container }], volumes } } } }) as V1Deployment;

describe("a student's Deployment, read as the runtime reads it", () => {
  it('reads an image written the short way as the reference the runtime pulls', () => {
    expect(workloadInfo(deployment({}), 'Deployment').containers[0]!.image).toBe('docker.io/kindlab/demo:1.0.0');
  });

  it('takes the variables an envFrom brings, prefix included; env wins over them', () => {
    const info = workloadInfo(deployment({ env: [{ name: 'MODE', value: 'x' }] }), 'Deployment');
    const env = withEnvFrom(info, [
      { from: 'ConfigMap', name: 'settings', prefix: '', keys: ['GREETING', 'MODE'] },
      { from: 'Secret', name: 'db', prefix: 'DB_', keys: ['PASSWORD'] },
    ]);
    expect(env.GREETING).toEqual({ from: 'ConfigMap', name: 'settings', key: 'GREETING' });
    expect(env.DB_PASSWORD).toEqual({ from: 'Secret', name: 'db', key: 'PASSWORD' });
    expect(env.MODE).toEqual({ from: 'value' });
  });

  it('reads a projected volume as the ConfigMap it projects', () => {
    const info = workloadInfo(
      deployment({ volumeMounts: [{ name: 'conf', mountPath: '/etc/settings' }] }, [{ name: 'conf', projected: { sources: [{ secret: { name: 'tls' } }, { configMap: { name: 'settings' } }] } }]),
      'Deployment',
    );
    expect(info.mounts).toEqual([{ path: '/etc/settings', source: { kind: 'ConfigMap', name: 'settings' } }]);
  });
});
