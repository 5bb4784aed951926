import { describe, expect, it } from 'vitest';
import { parseManifests, splitDocuments } from '../../src/kube/manifests.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo
spec:
  replicas: 3
`;

describe('manifest parsing', () => {
  it('reads every document and skips empty ones', () => {
    const text = `---\n# only a comment\n---\n${deployment}---\n\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: demo\n`;
    const manifests = parseManifests(text, 'm.yaml');
    expect(manifests.map((m) => m.object.kind)).toEqual(['Deployment', 'Service']);
    expect(manifests[0]!.origin).toBe('m.yaml:4');
    expect(manifests[1]!.origin).toBe('m.yaml:13');
  });

  it('names the file and line of malformed YAML', () => {
    // Line 11 of the file: a key with two colons is not a mapping entry.
    const text = `${deployment}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: demo: x\n`;
    expect(() => parseManifests(text, 'lab.yaml')).toThrow(/^lab\.yaml:11:\d+: malformed YAML/);
  });

  it('names the file and line of an object without kind or name', () => {
    expect(() => parseManifests('apiVersion: v1\nmetadata:\n  name: x\n', 'a.yaml')).toThrow('a.yaml:1: the object has no kind');
    expect(() => parseManifests(`---\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n`, 'b.yaml')).toThrow('b.yaml:3: the Pod has no metadata.name');
  });

  it('keeps the starting line of each document', () => {
    expect(splitDocuments('a: 1\n---\nb: 2\n---\nc: 3').map((d) => d.line)).toEqual([1, 3, 5]);
  });
});

describe('work as `kubectl get -o yaml` prints it', () => {
  const printed = `apiVersion: v1
kind: List
metadata: {resourceVersion: ""}
items:
  - apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: web
      namespace: kl-s01
      uid: 0b9c3c5e-1111-2222-3333-444455556666
      resourceVersion: "4242"
      generation: 2
      creationTimestamp: "2026-12-01T10:00:00Z"
      managedFields: [{manager: kubectl}]
      annotations: {deployment.kubernetes.io/revision: "2", team: a}
    spec: {replicas: 3}
    status: {readyReplicas: 3}
  - apiVersion: v1
    kind: Service
    metadata: {name: web, uid: 5, resourceVersion: "7"}
    spec: {clusterIP: 10.96.4.2, clusterIPs: [10.96.4.2], ports: [{port: 80, nodePort: 30123}]}
  - apiVersion: v1
    kind: Service
    metadata: {name: headless}
    spec: {clusterIP: None}
`;

  it('reads a List item by item, as kubectl apply does, each with its place', () => {
    const manifests = parseManifests(printed, 'all.yaml');
    expect(manifests.map((m) => [m.object.kind, m.object.metadata.name, m.origin])).toEqual([
      ['Deployment', 'web', 'all.yaml:1 (item 1)'],
      ['Service', 'web', 'all.yaml:1 (item 2)'],
      ['Service', 'headless', 'all.yaml:1 (item 3)'],
    ]);
  });

  it('leaves out what the API server set, says what, and keeps what the author wrote', () => {
    const [deployment, service, headless] = parseManifests(printed, 'all.yaml');
    expect(deployment!.object).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', annotations: { team: 'a' } }, spec: { replicas: 3 } });
    expect(deployment!.dropped).toEqual(['metadata.uid', 'metadata.resourceVersion', 'metadata.generation', 'metadata.creationTimestamp', 'metadata.managedFields', 'metadata.namespace', 'metadata.annotations["deployment.kubernetes.io/revision"]', 'status']);
    expect(service!.object.spec).toEqual({ ports: [{ port: 80 }] });
    // Written by hand (no server marks): a clusterIP of its own is the author's to choose.
    expect(headless!.dropped).toBeUndefined();
    expect(headless!.object.spec).toEqual({ clusterIP: 'None' });
  });

  it('names a List without items, and an item that is not an object', () => {
    expect(() => parseManifests('apiVersion: v1\nkind: List\nmetadata: {}\n', 'l.yaml')).toThrow('l.yaml:1: this List has no items list');
    expect(() => parseManifests('apiVersion: v1\nkind: List\nitems: [3]\n', 'l.yaml')).toThrow('l.yaml:1 (item 1): a document must be a mapping');
  });
});
