import { createWriteStream } from 'node:fs';
import { open, rename, rm, writeFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import { KindlabError, messageOf } from '../../core/errors.js';
import { kindlabVersion } from '../../core/paths.js';
import { silent, step, type ProgressSink } from '../../core/progress.js';
import { dockerReason, dockerSave } from '../docker.js';
import { archiveFormat, archiveSelection, indexEntry, indexReserve, type ArchiveIndex, type ArchiveTarget } from './archive-format.js';
import { ImageBuilder } from './build.js';
import type { Catalog } from './catalog.js';
import { imageStatus, refsIn, type ImageStatus } from './inventory.js';
import { sameToolchain, type Toolchain } from './toolchains.js';

export interface ExportOptions {
  file: string;
  catalog?: Catalog;
  /** Images a course names that are not kindlab's (e.g. nginx:1.27), saved beside kindlab's. */
  extraImages?: readonly string[];
  /** Keeps part of the selection only (a course's own images; tests). */
  filter?: (target: ArchiveTarget) => boolean;
  sink?: ProgressSink;
  cacheRoot?: string;
}

export interface ArchiveResult {
  file: string;
  index: ArchiveIndex;
  durationMs: number;
}

/**
 * Writes every image a classroom needs into one archive (see archive-format.ts): `docker save`
 * streamed through gzip (level 1: on 2 cores the best size for the time) into FILE.partial,
 * renamed to FILE once its index says how large it is.
 */
export async function exportImages(options: ExportOptions): Promise<ArchiveResult> {
  const started = Date.now();
  const sink = options.sink ?? silent;
  const builder = new ImageBuilder({ ...(options.catalog ? { catalog: options.catalog } : {}), ...(options.cacheRoot ? { cacheRoot: options.cacheRoot } : {}) });
  const targets = archiveSelection(builder.catalog, options.extraImages).filter(options.filter ?? (() => true));
  const statuses: ImageStatus[] = [];
  for (const target of targets) statuses.push(await imageStatus(builder, target.ref, target.spec));
  refuseGaps(statuses, targets);
  const toolchains: Toolchain[] = [];
  for (const t of statuses.flatMap((s) => (s.toolchain ? [s.toolchain] : []))) if (!toolchains.some((k) => sameToolchain(k, t))) toolchains.push(t);
  const index: ArchiveIndex = {
    format: archiveFormat,
    kindlab: kindlabVersion(),
    kubernetes: builder.catalog.kubernetes,
    createdAt: new Date().toISOString(),
    toolchains,
    images: targets.map((t, i) => ({ ref: t.ref, kind: t.kind, id: statuses[i]!.id!, ...(statuses[i]!.fingerprint ? { fingerprint: statuses[i]!.fingerprint } : {}) })),
    archiveBytes: 0,
  };
  const inDocker = statuses.reduce((sum, s) => sum + (s.sizeBytes ?? 0), 0);
  const written = await step(
    sink,
    'archive',
    `saving ${targets.length} images (${megabytes(inDocker)} in Docker) into ${options.file}`,
    () => writeArchive(options.file, index, (bytes) => sink({ kind: 'info', step: 'archive', message: `${megabytes(bytes)} saved`, at: Date.now() })),
    (i) => megabytes(i.archiveBytes),
  );
  return { file: options.file, index: written, durationMs: Date.now() - started };
}

/** Images an archive cannot carry as they are: one error naming them all, with the fix. */
function refuseGaps(statuses: ImageStatus[], targets: ArchiveTarget[]): void {
  const missing = refsIn(statuses, 'missing');
  if (missing.length) {
    const extra = missing.filter((ref) => targets.find((t) => t.ref === ref)?.kind === 'extra');
    const fixes = [
      ...(missing.length > extra.length ? ['`kindlab images build` makes kindlab\'s (the node image included; `kindlab up` alone may use kind\'s published node image instead)'] : []),
      ...(extra.length ? [`\`docker pull\` or \`docker build\` ${extra.join(', ')} first`] : []),
    ];
    throw new KindlabError('IMAGES_MISSING', `${missing.length} image(s) to export are not in Docker: ${missing.join(', ')}`, { fix: fixes.join('; ') });
  }
  const older = refsIn(statuses, 'older');
  if (older.length) {
    throw new KindlabError('IMAGES_OUTDATED', `${older.length} image(s) are older builds than this checkout's recipes (kindlab up would build them again where they are imported): ${older.join(', ')}`, {
      fix: '`kindlab images build` (rebuilds only what changed), then export again',
    });
  }
}

async function writeArchive(file: string, index: ArchiveIndex, onProgress: (bytes: number) => void): Promise<ArchiveIndex> {
  const partial = `${file}.partial`;
  const reserve = indexReserve(index);
  const head = gzipSync(indexEntry(index, reserve), { level: 0 });
  try {
    await writeFile(partial, head);
    const out = createWriteStream(partial, { flags: 'r+', start: head.length });
    const save = dockerSave(index.images.map((i) => i.ref));
    const [saved, written] = await Promise.allSettled([save, pipeline(save.stdout, counter(onProgress), createGzip({ level: 1, chunkSize: 1024 * 1024 }), out)]);
    if (written.status === 'rejected') throw new KindlabError('ARCHIVE_WRITE_FAILED', `writing ${file} failed: ${messageOf(written.reason)}`, { fix: 'free disk space there (the archive takes about 40% of the images\' size), or write it elsewhere' });
    if (saved.status === 'rejected') throw new KindlabError('IMAGE_SAVE_FAILED', `docker save failed: ${dockerReason(saved.reason)}`);
    const done = { ...index, archiveBytes: head.length + out.bytesWritten };
    // Level 0 (stored) gives the same length for the same input length: the index fits in place.
    const final = gzipSync(indexEntry(done, reserve), { level: 0 });
    if (final.length !== head.length) throw new Error(`the archive index changed length (${head.length} → ${final.length})`);
    const handle = await open(partial, 'r+');
    try {
      await handle.write(final, 0, final.length, 0);
    } finally {
      await handle.close();
    }
    await rename(partial, file);
    return done;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Passes bytes through, reporting the count every 64 MiB. */
export function counter(onProgress: (bytes: number) => void): Transform {
  let bytes = 0;
  let reported = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      if (bytes - reported >= 64 * 1024 * 1024) {
        reported = bytes;
        onProgress(bytes);
      }
      done(null, chunk);
    },
  });
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

export function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n');
}
