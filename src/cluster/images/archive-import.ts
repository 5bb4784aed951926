import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { KindlabError, messageOf } from '../../core/errors.js';
import { cacheDir } from '../../core/paths.js';
import { silent, step, type ProgressSink } from '../../core/progress.js';
import { dockerLoad, inspectImage } from '../docker.js';
import { archiveSelection, checkArchiveSize, indexFromPrefix, notAnArchive, type ArchiveIndex } from './archive-format.js';
import { counter, lastLines, megabytes, type ArchiveResult } from './archive.js';
import { ImageBuilder } from './build.js';
import { loadCatalog } from './catalog.js';
import { fingerprintLabel } from './image-build.js';
import { imageStatus, refsIn, type ImageStatus } from './inventory.js';
import { rememberToolchains } from './toolchains.js';

export interface ImportOptions {
  file: string;
  sink?: ProgressSink;
  cacheRoot?: string;
}

export interface ImportResult extends ArchiveResult {
  /** kindlab's images that `kindlab up` uses as they are. */
  current: string[];
  /** Those whose recipes differ in this checkout: `kindlab up` would build them again. */
  older: string[];
}

/**
 * Checks an archive's index (a wrong or cut file is refused before anything loads), `docker load`s
 * it (decompressed here, beside Docker), checks every image is back under its name with its ID and
 * fingerprint, and remembers the toolchains that built them so they count as current without Go.
 */
export async function importImages(options: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const sink = options.sink ?? silent;
  const cacheRoot = options.cacheRoot ?? cacheDir();
  const index = await readArchiveIndex(options.file);
  await step(sink, 'archive', `docker load of ${index.images.length} images from ${options.file} (${megabytes(index.archiveBytes)})`, () =>
    loadArchive(options.file, (bytes) => sink({ kind: 'info', step: 'archive', message: `${Math.floor((100 * bytes) / index.archiveBytes)}% read`, at: Date.now() })),
  );
  const wrong: string[] = [];
  for (const image of index.images) {
    const found = await inspectImage(image.ref);
    if (!found) wrong.push(`${image.ref} is not in Docker`);
    else if (found.id !== image.id || found.labels[fingerprintLabel] !== image.fingerprint) wrong.push(`${image.ref} is image ${found.id.slice(7, 19)}, not the archive's ${image.id.slice(7, 19)}`);
  }
  if (wrong.length) throw new KindlabError('IMAGE_LOAD_FAILED', `after docker load of ${options.file}: ${wrong.join('; ')}`, { fix: 'run `kindlab images import` again; if it says the same, export the archive again' });
  rememberToolchains(cacheRoot, index.toolchains);
  return { file: options.file, index, durationMs: Date.now() - started, ...(await judgeImported(index, cacheRoot)) };
}

/** The index of an archive, once its size is what the index says (else the file was cut short). */
export async function readArchiveIndex(file: string): Promise<ArchiveIndex> {
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    throw new KindlabError('ARCHIVE_MISSING', `cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`, { fix: 'give the path of an archive made by `kindlab images export FILE`' });
  });
  if (!info.isFile()) throw notAnArchive(file, 'it is not a file');
  const input = createReadStream(file);
  const gunzip = createGunzip();
  input.on('error', (error) => gunzip.destroy(error));
  let prefix = Buffer.alloc(0);
  try {
    for await (const chunk of input.pipe(gunzip) as AsyncIterable<Buffer>) {
      prefix = Buffer.concat([prefix, chunk]);
      const index = indexFromPrefix(prefix, file);
      if (index) {
        checkArchiveSize(index, info.size, file);
        return index;
      }
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'Z_DATA_ERROR') throw notAnArchive(file, 'it is not gzip data');
    if (code === 'Z_BUF_ERROR') throw new KindlabError('ARCHIVE_TRUNCATED', `${file} is truncated: it ends ${info.size === 0 ? 'before it starts (an empty file)' : 'inside its index'}`, { fix: 'copy it again, or export it again (`kindlab images export FILE`)' });
    throw error;
  } finally {
    input.destroy();
  }
  throw notAnArchive(file, 'it ends before a whole index');
}

/**
 * Streams the archive, decompressed here (beside Docker, whose own gzip reader is the slower:
 * 53–69 s against 32–45 s for the full set on a fresh daemon, measured), into `docker load`. Docker's input ends only once the
 * whole archive checked out: on a damaged one Docker is stopped first, and loads nothing.
 */
async function loadArchive(file: string, onProgress: (bytes: number) => void): Promise<void> {
  const load = dockerLoad();
  const stdin = load.stdin!;
  const toDocker = new Writable({
    highWaterMark: chunk,
    write(data: Buffer, _encoding, done) {
      if (stdin.write(data)) done();
      else stdin.once('drain', () => done());
    },
    final(done) {
      stdin.end();
      done();
    },
  });
  stdin.on('error', (error) => toDocker.destroy(error));
  try {
    await pipeline(createReadStream(file, { highWaterMark: chunk }), counter(onProgress), createGunzip({ chunkSize: chunk }), toDocker);
  } catch (error) {
    load.kill('SIGKILL');
    const result = await load;
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('Z_')) throw new KindlabError('ARCHIVE_DAMAGED', `${file} is damaged (gzip: ${messageOf(error)}); nothing was loaded`, { fix: 'copy it again from the machine that exported it, or export it again' });
    throw new KindlabError('IMAGE_LOAD_FAILED', `docker load of ${file} failed: ${lastLines(String(result.all ?? '')) || messageOf(error)}`);
  }
  const result = await load;
  if (result.exitCode !== 0) throw new KindlabError('IMAGE_LOAD_FAILED', `docker load of ${file} failed: ${lastLines(String(result.all ?? ''))}`, { fix: 'check that Docker runs and has room (`docker system df`)' });
}

/** Large chunks: with zlib's 16 KiB default, moving them costs more than decompressing (measured). */
const chunk = 1024 * 1024;

/** Which of the archive's kindlab images this checkout's recipes (at the archive's release) find current. */
async function judgeImported(index: ArchiveIndex, cacheRoot: string): Promise<{ current: string[]; older: string[] }> {
  const ours = index.images.filter((i) => i.kind !== 'extra');
  let builder: ImageBuilder;
  try {
    builder = new ImageBuilder({ catalog: loadCatalog(undefined, { kubernetes: index.kubernetes }), cacheRoot });
  } catch (error) {
    throw new KindlabError('ARCHIVE_RELEASE_UNKNOWN', `the images are loaded, but ${messageOf(error)}, so \`kindlab up\` cannot use them`, { fix: `use a kindlab whose catalog has Kubernetes ${index.kubernetes} (the archive was made by kindlab ${index.kindlab})` });
  }
  const targets = archiveSelection(builder.catalog);
  const statuses: ImageStatus[] = [];
  for (const image of ours) {
    const target = targets.find((t) => t.ref === image.ref);
    statuses.push(target ? await imageStatus(builder, image.ref, target.spec) : { ref: image.ref, state: 'older' });
  }
  return { current: [...refsIn(statuses, 'current'), ...refsIn(statuses, 'upstream')], older: [...refsIn(statuses, 'older'), ...refsIn(statuses, 'unknown')] };
}
