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
