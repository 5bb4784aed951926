import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { exportImages, fingerprintLabel, importImages, inspectImage, readArchiveIndex, type ArchiveResult } from '../../src/cluster/index.js';
import { docker } from '../../src/cluster/docker.js';
import { catalogFor } from '../../src/setup/release.js';

const run = promisify(execFile);

/**
 * The archive round trip on a small subset (the demo images, 17 MB): export, read the index, load
 * it back over the same images (same IDs: harmless to the cluster) and find them current. Nothing
 * is removed from Docker.
 */
describe('an image archive (kindlab images export / import)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindlab-archive-e2e-'));
  const file = join(dir, 'demo-images.tar.gz');
  const cacheRoot = join(dir, 'cache');
  const demo = (ref: string) => ref.includes('kindlab/demo:');
  let exported: ArchiveResult;

  // An image of this test's own, so that "nothing was loaded" can be seen (the demo images stay).
  const probe = `kindlab-e2e-archive-probe:${randomBytes(3).toString('hex')}`;

  afterAll(async () => {
    await docker(['rmi', '-f', probe], { allowFailure: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the images with their IDs and fingerprints, and an index that says its size', { timeout: 60_000 }, async () => {
    exported = await exportImages({ file, catalog: catalogFor(), filter: (t) => demo(t.ref), cacheRoot });
    const index = await readArchiveIndex(file);
    expect(index).toEqual(exported.index);
    expect(index.archiveBytes).toBe(statSync(file).size);
    expect(index.images.map((i) => i.ref)).toEqual(['docker.io/kindlab/demo:1.0.0', 'docker.io/kindlab/demo:2.0.0']);
    for (const image of index.images) {
      const inDocker = await inspectImage(image.ref);
      expect(image.id).toBe(inDocker?.id);
      expect(image.fingerprint).toBe(inDocker?.labels[fingerprintLabel]);
      expect(image.kind).toBe('cluster');
    }
    expect(index.toolchains.length).toBeGreaterThan(0);
  });

  it('loads back under the same names, IDs and fingerprint labels, current for `kindlab up`', { timeout: 60_000 }, async () => {
    const imported = await importImages({ file, cacheRoot });
    expect(imported.current.sort()).toEqual(['docker.io/kindlab/demo:1.0.0', 'docker.io/kindlab/demo:2.0.0']);
    expect(imported.older).toEqual([]);
    for (const image of exported.index.images) {
      const inDocker = await inspectImage(image.ref);
      expect(inDocker?.id).toBe(image.id);
      // Labels live in the image's config, whose digest is the ID: docker save/load keeps them.
      expect(inDocker?.labels[fingerprintLabel]).toBe(image.fingerprint);
    }
  });

  it('refuses a cut copy before loading anything, in one message naming the file', { timeout: 30_000 }, async () => {
    const cut = join(dir, 'cut.tar.gz');
    copyFileSync(file, cut);
    truncateSync(cut, Math.floor(statSync(file).size / 2));
    const result = await run('node', ['bin/kindlab.js', 'images', 'import', cut]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`kindlab images: ${cut} is truncated: \\d+ of its \\d+ bytes`));
    expect(result.stderr).toContain('fix: copy it again');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a damaged archive whole: Docker loads nothing of it', { timeout: 60_000 }, async () => {
    const context = join(dir, 'probe');
    mkdirSync(context);
    writeFileSync(join(context, 'blob'), randomBytes(2 * 1024 * 1024));
    writeFileSync(join(context, 'Dockerfile'), `FROM scratch\nCOPY blob /blob\nLABEL ${fingerprintLabel}=probe\n`);
    await docker(['build', '--quiet', '-t', probe, context]);
    const good = join(dir, 'probe.tar.gz');
    await exportImages({ file: good, catalog: catalogFor(), extraImages: [probe], filter: (t) => t.kind === 'extra', cacheRoot });
    await docker(['rmi', probe]);
    // Bytes flipped in the middle of the compressed images: found by gzip's checksum, at the very end.
    const bytes = readFileSync(good);
    for (let i = bytes.length >> 1; i < (bytes.length >> 1) + 64; i++) bytes[i] = bytes[i]! ^ 0xff;
    const damaged = join(dir, 'damaged.tar.gz');
    writeFileSync(damaged, bytes);
    await expect(importImages({ file: damaged, cacheRoot })).rejects.toThrow(/damaged.tar.gz is damaged \(gzip: .*\); nothing was loaded/);
    expect(await inspectImage(probe)).toBeUndefined();
    await importImages({ file: good, cacheRoot });
    expect((await inspectImage(probe))?.labels[fingerprintLabel]).toBe('probe');
  });
});
