import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { KindlabError } from '../../src/core/errors.js';
import {
  archiveFormat,
  archiveSelection,
  checkArchiveSize,
  checkIndex,
  indexEntry,
  indexFromPrefix,
  indexReserve,
  parseTarHeader,
  tarHeader,
  type ArchiveIndex,
} from '../../src/cluster/images/archive-format.js';
import { readArchiveIndex } from '../../src/cluster/images/archive-import.js';
import { loadCatalog } from '../../src/cluster/images/catalog.js';
import { Fingerprints } from '../../src/cluster/images/fingerprints.js';
import { importedToolchains, judgeBuild, rememberToolchains, type Toolchain } from '../../src/cluster/images/toolchains.js';

const catalog = loadCatalog();
const scratch = mkdtempSync(join(tmpdir(), 'kindlab-archive-unit-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const here: Toolchain = { go: 'go1.26.8', gcc: '12.2.0' };

function index(overrides: Partial<ArchiveIndex> = {}): ArchiveIndex {
  return {
    format: archiveFormat,
    kindlab: '0.1.0',
    kubernetes: 'v1.37.0',
    createdAt: '2026-12-01T10:00:00.000Z',
    toolchains: [here],
    images: [{ ref: 'kindlab/node:v1.37.0', kind: 'node', id: 'sha256:aa', fingerprint: '0123456789abcdef' }],
    archiveBytes: 0,
    ...overrides,
  };
}

/** An archive as exportImages lays it out: the index member (stored), then compressed "images". */
function archive(idx: ArchiveIndex, payload = Buffer.alloc(20_000, 'x')): Buffer {
  const reserve = indexReserve(idx);
  const rest = gzipSync(payload, { level: 1 });
  const head = gzipSync(indexEntry(idx, reserve), { level: 0 });
  return Buffer.concat([gzipSync(indexEntry({ ...idx, archiveBytes: head.length + rest.length }, reserve), { level: 0 }), rest]);
}

function file(name: string, content: Buffer | string): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

async function refusal(promise: Promise<unknown>): Promise<KindlabError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(KindlabError);
  return error as KindlabError;
}

describe('which images an archive holds', () => {
  it('is kindlab\'s node image, then every image `up` loads into the nodes', () => {
    const selected = archiveSelection(catalog);
    expect(selected[0]).toEqual({ ref: catalog.node.offline, kind: 'node', spec: 'node' });
    expect(selected.slice(1).map((t) => t.ref)).toEqual(catalog.images.filter((i) => i.scope === 'cluster').map((i) => i.ref));
    expect(selected.map((t) => t.ref)).toContain('docker.io/kindlab/demo:2.0.0');
    // The node's own images travel inside the node image; the class registry is not the cluster's.
    expect(selected.map((t) => t.ref)).not.toContain(`registry.k8s.io/kube-apiserver:${catalog.kubernetes}`);
    expect(selected.map((t) => t.ref)).not.toContain('docker.io/kindlab/registry:0.1.0');
  });

  it('adds a course\'s own images once, whatever their spelling', () => {
    const selected = archiveSelection(catalog, ['nginx:1.27', 'busybox:1.35.0', 'docker.io/library/nginx:1.27']);
    expect(selected.filter((t) => t.kind === 'extra')).toEqual([{ ref: 'nginx:1.27', kind: 'extra', spec: undefined }]);
    expect(() => archiveSelection(catalog, ['nginx 1.27'])).toThrow(/not an image reference/);
  });
});

describe('the archive index', () => {
  it('is a tar entry whose header tar tools accept, padded so the final size fits in place', () => {
    const idx = index();
    const reserve = indexReserve(idx);
    expect(reserve % 512).toBe(0);
    const entry = indexEntry(idx, reserve);
    expect(parseTarHeader(entry.subarray(0, 512))).toEqual({ name: 'kindlab-archive.json', size: reserve });
    const final = indexEntry({ ...idx, archiveBytes: Number.MAX_SAFE_INTEGER }, reserve);
    expect(final.length).toBe(entry.length);
    // Stored (level 0) gzip members of equal input length have equal length: rewritten in place.
    expect(gzipSync(final, { level: 0 }).length).toBe(gzipSync(entry, { level: 0 }).length);
  });

  it('is read from the first bytes only, and waits for more while the entry is incomplete', () => {
    const entry = indexEntry(index({ archiveBytes: 1234 }), indexReserve(index()));
    expect(indexFromPrefix(entry.subarray(0, 300), 'a.tar.gz')).toBeUndefined();
    expect(indexFromPrefix(entry.subarray(0, 700), 'a.tar.gz')).toBeUndefined();
    expect(indexFromPrefix(Buffer.concat([entry, Buffer.alloc(512)]), 'a.tar.gz')?.archiveBytes).toBe(1234);
  });

  it('refuses what is not a kindlab archive, naming the file and what it found', () => {
    const other = Buffer.concat([tarHeader('manifest.json', 10, 0), Buffer.alloc(512)]);
    expect(() => indexFromPrefix(other, 'save.tar.gz')).toThrow(/save.tar.gz is not a kindlab image archive: its first entry is "manifest.json".*docker load/);
    expect(() => indexFromPrefix(Buffer.alloc(1024, 7), 'junk.gz')).toThrow(/junk.gz is not a kindlab image archive: it is gzip data, but not a tar archive/);
    const damaged = Buffer.concat([tarHeader('kindlab-archive.json', 512, 0), Buffer.from('{"format": '.padEnd(512, ' '))]);
    expect(() => indexFromPrefix(damaged, 'x.tar.gz')).toThrow(/x.tar.gz: its index is damaged/);
    expect(() => checkIndex({ ...index(), format: 'kindlab.images/v9' }, 'x.tar.gz')).toThrow(/format "kindlab.images\/v9"; this kindlab reads kindlab.images\/v1/);
    expect(() => checkIndex({ ...index(), images: [{ ref: 'a:1' }] }, 'x.tar.gz')).toThrow(/lacks fields/);
    expect(() => checkIndex({ ...index(), toolchains: [{ go: 1 }] }, 'x.tar.gz')).toThrow(/lacks fields/);
  });

  it('tells a cut file, an unfinished export and a longer file apart', () => {
    expect(() => checkArchiveSize(index({ archiveBytes: 1000 }), 400, 'a.tar.gz')).toThrow(/a.tar.gz is truncated: 400 of its 1000 bytes/);
    expect(() => checkArchiveSize(index({ archiveBytes: 0 }), 400, 'a.tar.gz')).toThrow(/a.tar.gz is incomplete: its export did not finish/);
    expect(() => checkArchiveSize(index({ archiveBytes: 1000 }), 1001, 'a.tar.gz')).toThrow(/1 more than the archive kindlab wrote/);
    expect(() => checkArchiveSize(index({ archiveBytes: 1000 }), 1000, 'a.tar.gz')).not.toThrow();
  });
});

describe('reading an archive file before loading it', () => {
  it('reads the index of a whole archive', async () => {
    const idx = await readArchiveIndex(file('ok.tar.gz', archive(index())));
    expect(idx.images[0]?.ref).toBe('kindlab/node:v1.37.0');
    expect(idx.toolchains).toEqual([here]);
  });

  it('says which file is wrong and why: truncated, empty, not gzip, missing', async () => {
    const whole = archive(index());
    expect((await refusal(readArchiveIndex(file('cut.tar.gz', whole.subarray(0, whole.length - 100))))).message).toMatch(/cut.tar.gz is truncated: \d+ of its \d+ bytes/);
    expect((await refusal(readArchiveIndex(file('head.tar.gz', whole.subarray(0, 40))))).message).toMatch(/head.tar.gz is truncated: it ends inside its index/);
    expect((await refusal(readArchiveIndex(file('empty.tar.gz', ''))))).toMatchObject({ code: 'ARCHIVE_TRUNCATED' });
    expect((await refusal(readArchiveIndex(file('notes.txt', 'hello\n')))).message).toMatch(/notes.txt is not a kindlab image archive: it is not gzip data/);
    const missing = await refusal(readArchiveIndex('/nonexistent/kindlab-images.tar.gz'));
    expect(missing.message).toBe('cannot read /nonexistent/kindlab-images.tar.gz: no such file');
    expect(missing.fix).toContain('kindlab images export FILE');
  });
});

describe('builds proven current by an imported archive', () => {
  const candidate = (toolchain: Toolchain | 'no go', fingerprint: string) => ({
    toolchain: async () => (toolchain === 'no go' ? Promise.reject(new KindlabError('GO_MISSING', 'no Go')) : toolchain),
    fingerprint: async () => (toolchain === 'no go' ? Promise.reject(new KindlabError('GO_MISSING', 'no Go')) : fingerprint),
  });

  it('are current under the archive\'s toolchain, on a machine without Go', async () => {
    const verdict = await judgeBuild('fp-a', [candidate('no go', ''), candidate(here, 'fp-a')], (c) => c.fingerprint());
    expect(verdict).toEqual({ state: 'current', fingerprint: 'fp-a', toolchain: here });
  });

  it('are older when no known toolchain gives their fingerprint, unknown when none can compute one', async () => {
    expect(await judgeBuild('fp-a', [candidate(here, 'fp-b')], (c) => c.fingerprint())).toEqual({ state: 'older' });
    expect(await judgeBuild('fp-a', [candidate('no go', '')], (c) => c.fingerprint())).toEqual({ state: 'unknown' });
  });

  it('keep the toolchain in the fingerprint (another Go is another build) and remember each toolchain once', async () => {
    const spec = catalog.images.find((i) => i.ref === 'docker.io/kindlab/demo:1.0.0')!;
    const a = await new Fingerprints(catalog, here).image(spec);
    expect(await new Fingerprints(catalog, { ...here }).image(spec)).toBe(a);
    expect(await new Fingerprints(catalog, { ...here, go: 'go1.27.0' }).image(spec)).not.toBe(a);
    const cache = join(scratch, 'cache');
    rememberToolchains(cache, [here]);
    rememberToolchains(cache, [{ ...here }, { go: 'go1.27.0', gcc: 'none' }]);
    expect(importedToolchains(cache)).toEqual([here, { go: 'go1.27.0', gcc: 'none' }]);
  });
});
