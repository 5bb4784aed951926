import { describe, expect, it } from 'vitest';
import { labelsMatch, selectorSelects, selectorString } from '../../src/kube/selectors.js';
import { checkManifests } from '../../src/check/index.js';
import { parseManifests } from '../../src/kube/manifests.js';

describe('label selectors, as the API server reads them', () => {
  const labels = { app: 'web', tier: 'front' };

  it('select by matchLabels and matchExpressions together; an empty selector selects nothing', () => {
    expect(selectorSelects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }] }, labels)).toBe(true);
    expect(selectorSelects({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'canary', operator: 'DoesNotExist' }] }, labels)).toBe(true);
    expect(selectorSelects({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false);
    expect(selectorSelects({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true);
    expect(selectorSelects({}, labels)).toBe(false);
  });

  it('write the labelSelector string a watch takes, and read it back', () => {
    const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'edge'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    const text = selectorString(selector);
    expect(text).toBe('app=web,tier in (front,edge),!canary');
    expect(labelsMatch(labels, text)).toBe(true);
    expect(labelsMatch({ ...labels, canary: 'yes' }, text)).toBe(false);
    expect(labelsMatch(labels, 'app!=web')).toBe(false);
    expect(labelsMatch(labels, 'tier notin (back)')).toBe(true);
    expect(labelsMatch(labels, '')).toBe(true);
  });

  it('let kindlab check accept a workload that selects its pods by matchExpressions, and refuse one that does not', () => {
    const workload = (selector: string) => `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: copies}
spec:
  replicas: 3
  selector: ${selector}
  template:
    metadata: {labels: {role: copy}}
    spec:
      containers: [{name: demo, image: docker.io/kindlab/demo:1.0.0}]`;
    const errors = (yaml: string) => checkManifests(parseManifests(yaml, 'app.yaml')).filter((f) => f.severity === 'error').map((f) => f.rule);
    expect(errors(workload('{matchExpressions: [{key: role, operator: In, values: [copy]}]}'))).toEqual([]);
    expect(errors(workload('{matchExpressions: [{key: role, operator: NotIn, values: [copy]}]}'))).toEqual(['selector-mismatch']);
  });
});
