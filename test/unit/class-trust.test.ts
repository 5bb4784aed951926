import type { V1ConfigMap } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { gradesOf } from '../../src/class/board.js';
import { budgets } from '../../src/class/budget.js';
import { objectCounts, studentObjects } from '../../src/class/objects.js';
import { classPolicies, classRuleNames, studentDomain } from '../../src/class/policies.js';
import { packReport, readRecord, reportKey, unpackReport } from '../../src/class/records.js';
import { gzipSync } from 'node:zlib';
import type { GradeResult } from '../../src/grade/grade.js';
import { decidesForCluster } from '../../src/runner/cluster-lock.js';
import type { LeaseObject } from '../../src/kube/lease.js';

const record = (namespace: string, body: Record<string, unknown>, label = 'self'): V1ConfigMap => ({
  metadata: { namespace, name: 'r', labels: { 'kindlab.dev/record': label } },
  data: { record: JSON.stringify({ class: 'c', student: 's01', exercise: 'replicas', by: 'self', ok: true, at: '2026-12-01T10:00:00Z', durationMs: 1, failed: [], ...body }) },
});
const where = { className: 'c', student: 's02', namespace: 'kl-s02' };

describe('grade records, trusted by where they are', () => {
  it('takes an instructor grade only from the instructor namespace', () => {
    const forged = record('kl-s01', { student: 's02', by: 'instructor', at: '2099-01-01T00:00:00Z' }, 'instructor');
    const real = record('kindlab-class-c', { student: 's02', by: 'instructor', ok: false, at: '2026-12-01T09:00:00Z' }, 'instructor');
    expect(gradesOf([forged, real], where)).toEqual({ replicas: expect.objectContaining({ by: 'instructor', ok: false, student: 's02' }) });
  });

  it('marks a record in the student\'s namespace self-reported and theirs, whatever it says', () => {
    const claims = record('kl-s02', { student: 's03', class: 'other', by: 'instructor' }, 'instructor');
    expect(gradesOf([claims], where).replicas).toMatchObject({ by: 'self', student: 's02', class: 'c' });
    // Another student's namespace does not count for s02 at all.
    expect(gradesOf([record('kl-s01', { student: 's02' })], where)).toEqual({});
  });

  it('never lets a self-reported grade replace the instructor\'s, whatever its time', () => {
    const self = record('kl-s02', { ok: true, at: '2099-01-01T00:00:00Z' });
    const instructor = record('kindlab-class-c', { student: 's02', ok: false }, 'instructor');
    expect(gradesOf([self, instructor], where).replicas).toMatchObject({ by: 'instructor', ok: false });
  });

  it('reads a record field by field: types checked, strings bounded, odd exercise ids dropped', () => {
    const cm = (data: unknown): V1ConfigMap => ({ data: { record: JSON.stringify(data) } });
    expect(readRecord(cm({ student: 's01', exercise: '<img src=x>', ok: true }))).toBeUndefined();
    expect(readRecord({ data: { record: 'null' } })).toBeUndefined();
    const read = readRecord(cm({ student: 's01', exercise: 'replicas', ok: 'yes', failed: 'x', figure: 'f'.repeat(5000), durationMs: 'slow', extra: 1 }))!;
    expect(read).toEqual({ class: '', student: 's01', exercise: 'replicas', by: 'self', ok: false, at: '', durationMs: 0, failed: [], figure: 'f'.repeat(200) });
  });
});

describe('the cluster lock', () => {
  it('counts heartbeats only where a student cannot write', () => {
    const lease = (namespace: string) => ({ metadata: { namespace, name: 'x' }, spec: {} }) as LeaseObject;
    expect(decidesForCluster(lease('kindlab-system'))).toBe(true);
    expect(decidesForCluster(lease('kindlab-services-ab12cd'))).toBe(true);
    expect(decidesForCluster(lease('kl-s01'))).toBe(false);
    expect(decidesForCluster(lease('my-namespace'))).toBe(false);
  });
});

describe('a student namespace', () => {
  const objects = studentObjects('c', { id: 'alice', name: 'Alice' }, budgets.small!, {});

  it('enforces Pod Security baseline and warns of restricted', () => {
    expect(objects.namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted', 'kindlab.dev/student': 'alice' });
  });

  it('admits traffic from itself, the instructor and the ingress controller only', () => {
    const from = objects.isolation.spec.ingress[0]!.from;
    expect(from).toEqual([{ podSelector: {} }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kindlab-class-c' } } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } } }]);
    expect(objects.isolation.spec.policyTypes).toEqual(['Ingress']);
  });

  it('counts objects and bounds ephemeral storage, with room for every pod at its default', () => {
    expect(objects.quota.spec.hard).toMatchObject(objectCounts);
    for (const budget of Object.values(budgets)) {
      expect(budget.pods * budget.defaultEphemeralStorageMi, budget.name).toBeLessThanOrEqual(budget.ephemeralStorageMi);
    }
    expect(objects.info.data.domain).toBe(studentDomain('alice'));
  });

  it('is guarded by policies bound to the class\'s student namespaces, each message naming its rule', () => {
    const policies = classPolicies('c');
    const bindings = policies.filter((p) => p.kind === 'ValidatingAdmissionPolicyBinding');
    expect(bindings).toHaveLength(3);
    for (const b of bindings) expect(b.spec).toMatchObject({ validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'kindlab.dev/class': 'c' }, matchExpressions: [{ key: 'kindlab.dev/student', operator: 'Exists' }] } } });
    const text = JSON.stringify(policies);
    for (const rule of classRuleNames) expect(text).toContain(`kindlab class rule ${rule}:`);
    expect(text).toContain('Fix:');
  });
});

describe('a grade\'s report, kept with its record', () => {
  const result = { schema: 'kindlab.grade/v1', ok: true, exercise: { id: 'replicas', title: 'R', section: 'S' }, lang: 'en', files: [], findings: [], startedAt: '2026-12-01T10:00:00Z', durationMs: 1 } as GradeResult;
  const stored = (packed: Buffer): V1ConfigMap => ({ ...record('kl-s01', {}), binaryData: { [reportKey]: packed.toString('base64') } });

  it('reads back what was packed, and says the record has it (from the object, never its JSON)', () => {
    expect(unpackReport(stored(packReport(result)!))).toEqual(result);
    expect(readRecord(stored(packReport(result)!))?.report).toBe(true);
    expect(readRecord(record('kl-s01', { report: true }))?.report).toBeUndefined();
  });

  it('refuses what a student could put there instead: no JSON, no result, a gzip bomb', () => {
    expect(unpackReport(stored(gzipSync('not json')))).toBeUndefined();
    expect(unpackReport(stored(gzipSync('{"ok":true}')))).toBeUndefined();
    expect(unpackReport(stored(gzipSync(Buffer.alloc(20 * 1024 * 1024, 32))))).toBeUndefined();
  });
});
