import { KindlabError } from '../../core/errors.js';
import { normalizeRef } from '../nodes.js';
import type { Catalog, ImageSpec } from './catalog.js';
import { isToolchain, type Toolchain } from './toolchains.js';

/**
 * An image archive is a gzip-compressed tar: first `kindlab-archive.json` (the index, in a gzip
 * member of its own, stored uncompressed so that its final size can be written in place once the
 * rest is done), then the output of `docker save`. `docker load -i` reads it as it is; kindlab
 * reads the index from the first few kilobytes, without decompressing the images.
 */
export const archiveFormat = 'kindlab.images/v1';
export const indexEntryName = 'kindlab-archive.json';

/** node: the node image; cluster: loaded into the nodes by `up`; extra: an image a course names. */
export type ArchivedKind = 'node' | 'cluster' | 'extra';

export interface ArchivedImage {
  ref: string;
  kind: ArchivedKind;
  /** Docker's image ID (the digest of its config): the same after `docker load`. */
  id: string;
  /** kindlab's build fingerprint (label io.kindlab.fingerprint); absent on an upstream image. */
  fingerprint?: string;
}

export interface ArchiveIndex {
  format: typeof archiveFormat;
  kindlab: string;
  kubernetes: string;
  createdAt: string;
  /** The Go and gcc versions of the fingerprints: an importing machine checks them without Go. */
  toolchains: Toolchain[];
  images: ArchivedImage[];
  /** The whole file's size, written last (0: the export did not finish). */
  archiveBytes: number;
}

export interface ArchiveTarget {
  ref: string;
  kind: ArchivedKind;
  /** What the image's fingerprint is judged against: a catalog image, the node image, nothing (extra). */
  spec: ImageSpec | 'node' | undefined;
}

/**
 * What an archive holds: kindlab's own node image (it runs on cgroup v1 and v2 hosts and carries
 * the node's images), every image `up` loads into the nodes, then the course's own images.
 */
export function archiveSelection(catalog: Catalog, extraImages: readonly string[] = []): ArchiveTarget[] {
  const targets: ArchiveTarget[] = [
    { ref: catalog.node.offline, kind: 'node', spec: 'node' },
    ...catalog.images.filter((i) => i.scope === 'cluster').map((spec): ArchiveTarget => ({ ref: spec.ref, kind: 'cluster', spec })),
  ];
  for (const ref of extraImages) {
    if (!/^[\w./:@-]+$/.test(ref)) throw new KindlabError('BAD_IMAGE_REF', `"${ref}" is not an image reference`, { fix: 'name images as Docker does, e.g. nginx:1.27' });
    if (!targets.some((t) => normalizeRef(t.ref) === normalizeRef(ref))) targets.push({ ref, kind: 'extra', spec: undefined });
  }
  return targets;
}

/** The index as its tar entry: a header, then the JSON padded with spaces to `reserve` bytes. */
export function indexEntry(index: ArchiveIndex, reserve: number): Buffer {
  const json = Buffer.from(`${JSON.stringify(index, null, 2)}\n`);
  if (json.length > reserve) throw new Error(`archive index of ${json.length} bytes exceeds its ${reserve} reserved`);
  const mtime = Math.floor(Date.parse(index.createdAt) / 1000) || 0;
  return Buffer.concat([tarHeader(indexEntryName, reserve, mtime), json, Buffer.alloc(reserve - json.length, ' ')]);
}

/** Room for the index once complete (its size has every digit it can take), in tar blocks. */
export function indexReserve(index: ArchiveIndex): number {
  const longest = Buffer.byteLength(`${JSON.stringify({ ...index, archiveBytes: Number.MAX_SAFE_INTEGER }, null, 2)}\n`);
  return Math.ceil(longest / 512) * 512;
}

/**
 * The index from the first decompressed bytes of a file, or undefined while more are needed.
 * Anything that is not a kindlab archive is one error naming the file and what was found.
 */
export function indexFromPrefix(prefix: Buffer, file: string): ArchiveIndex | undefined {
  if (prefix.length < 512) return undefined;
  const header = parseTarHeader(prefix.subarray(0, 512));
  if (!header) throw notAnArchive(file, 'it is gzip data, but not a tar archive');
  if (header.name !== indexEntryName) throw notAnArchive(file, `its first entry is "${header.name}", not ${indexEntryName} (a plain \`docker save\` archive? \`docker load -i\` loads it)`);
  if (header.size > 1024 * 1024) throw notAnArchive(file, `its index claims ${header.size} bytes`);
  if (prefix.length < 512 + header.size) return undefined;
  const text = prefix.subarray(512, 512 + header.size).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new KindlabError('ARCHIVE_INVALID', `${file}: its index is damaged (${(error as Error).message})`, { fix: 'copy the archive again, or export it again with `kindlab images export FILE`' });
  }
  return checkIndex(raw, file);
}

export function checkIndex(raw: unknown, file: string): ArchiveIndex {
  const index = raw as Partial<ArchiveIndex> | null;
  if (typeof index !== 'object' || index === null) throw notAnArchive(file, 'its index is not an object');
  if (index.format !== archiveFormat) {
    throw new KindlabError('ARCHIVE_FORMAT', `${file} is an image archive of format "${String(index.format)}"; this kindlab reads ${archiveFormat}`, {
      fix: 'export it again with this kindlab (`kindlab images export FILE`)',
    });
  }
  const images = Array.isArray(index.images) ? index.images : undefined;
  const wellFormed =
    typeof index.kindlab === 'string' &&
    typeof index.kubernetes === 'string' &&
    typeof index.archiveBytes === 'number' &&
    Array.isArray(index.toolchains) &&
    index.toolchains.every(isToolchain) &&
    images?.every((i) => typeof i?.ref === 'string' && typeof i.id === 'string' && ['node', 'cluster', 'extra'].includes(i.kind) && (i.fingerprint === undefined || typeof i.fingerprint === 'string'));
  if (!wellFormed) throw new KindlabError('ARCHIVE_INVALID', `${file}: its index lacks fields of ${archiveFormat} (kindlab, kubernetes, toolchains, images, archiveBytes)`, { fix: 'export it again with `kindlab images export FILE`' });
  return index as ArchiveIndex;
}

/** A file of another size than its index says was cut short (or is not what kindlab wrote). */
export function checkArchiveSize(index: ArchiveIndex, bytes: number, file: string): void {
  const fix = 'copy it again from the machine that exported it, or export it again (`kindlab images export FILE`)';
  if (index.archiveBytes === 0) throw new KindlabError('ARCHIVE_INCOMPLETE', `${file} is incomplete: its export did not finish`, { fix: 'export it again (`kindlab images export FILE`)' });
  if (bytes < index.archiveBytes) throw new KindlabError('ARCHIVE_TRUNCATED', `${file} is truncated: ${bytes} of its ${index.archiveBytes} bytes (a copy that did not finish?)`, { fix });
  if (bytes > index.archiveBytes) throw new KindlabError('ARCHIVE_INVALID', `${file} has ${bytes} bytes, ${bytes - index.archiveBytes} more than the archive kindlab wrote`, { fix });
}

export function notAnArchive(file: string, why: string): KindlabError {
  return new KindlabError('ARCHIVE_INVALID', `${file} is not a kindlab image archive: ${why}`, { fix: 'give a file made by `kindlab images export FILE`' });
}

/** A POSIX ustar header for a regular file. */
export function tarHeader(name: string, size: number, mtime: number): Buffer {
  const block = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => block.write(value, offset, length, 'ascii');
  const octal = (offset: number, length: number, value: number) => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, mtime);
  field(156, 1, '0');
  field(257, 8, 'ustar\x0000');
  field(148, 8, ' '.repeat(8));
  field(148, 8, `${checksum(block).toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** Name and size of a ustar header, or undefined when the block is none (bad checksum). */
export function parseTarHeader(block: Buffer): { name: string; size: number } | undefined {
  const text = (offset: number, length: number) => block.toString('ascii', offset, offset + length).replace(/\0.*$/s, '');
  const stored = Number.parseInt(text(148, 8).trim(), 8);
  const copy = Buffer.from(block);
  copy.write(' '.repeat(8), 148, 8, 'ascii');
  if (Number.isNaN(stored) || stored !== checksum(copy)) return undefined;
  const size = Number.parseInt(text(124, 12).trim(), 8);
  return Number.isNaN(size) ? undefined : { name: text(0, 100), size };
}

function checksum(block: Buffer): number {
  let sum = 0;
  for (const byte of block) sum += byte;
  return sum;
}
