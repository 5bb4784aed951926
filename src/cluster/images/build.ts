import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isKindlabError, KindlabError } from '../../core/errors.js';
import { run } from '../../core/exec.js';
import { cacheDir, fromProject } from '../../core/paths.js';
import { silent, step, type ProgressSink } from '../../core/progress.js';
import { docker, inspectImage } from '../docker.js';
import { binaryOutputs, loadCatalog, nodeRoles, type BinaryRecipe, type Catalog, type ImageSpec } from './catalog.js';
import { Fingerprint } from './fingerprint.js';
import { buildGoRecipe, goEnv, goVersion } from './go-build.js';
import { buildCatalogImage, buildFromDockerfile, busyboxApplets, fingerprintLabel } from './image-build.js';
import { buildNodeImage } from './node-image.js';
import { buildRootfs, rootfsImageRef, rootfsVariant } from './rootfs.js';

export type ImageOutcome = 'cached' | 'built' | 'upstream';

export interface ImageResult {
  ref: string;
  outcome: ImageOutcome;
  fingerprint: string;
  durationMs: number;
}

export interface BuildOptions {
  catalog?: Catalog;
  /** Which catalog images to make sure of; the node image is included with `node: true`. */
  scopes?: Array<'node' | 'cluster'>;
  node?: boolean;
  /** Rebuild even when a cached result matches. */
  force?: boolean;
  /** May a build pull published images (the online Dockerfile recipes)? Never with --images offline. */
  allowPull?: boolean;
  cacheRoot?: string;
  sink?: ProgressSink;
}

/**
 * Builds what is missing, in dependency order: Debian trees, binaries, catalog images, then the
 * node image. Every result is keyed by a fingerprint of its inputs, so a second run only checks.
 */
export class ImageBuilder {
  readonly catalog: Catalog;
  private readonly cache: string;
  private readonly sink: ProgressSink;
  private readonly force: boolean;
  private readonly allowPull: boolean;
  private readonly memo = new Map<string, string>();
  /** What this run already (re)built: --force rebuilds each thing once, not at every use. */
  private readonly done = new Set<string>();
  private toolVersions: { go: string; gcc: string } | undefined;

  constructor(options: BuildOptions = {}) {
    this.catalog = options.catalog ?? loadCatalog();
    this.cache = options.cacheRoot ?? cacheDir();
    this.sink = options.sink ?? silent;
    this.force = options.force ?? false;
    this.allowPull = options.allowPull ?? false;
  }

  async ensure(options: { scopes: Array<'node' | 'cluster'>; node: boolean }): Promise<ImageResult[]> {
    const results: ImageResult[] = [];
    const wanted = this.catalog.images.filter((img) => options.scopes.includes(img.scope));
    for (const spec of wanted) results.push(await this.ensureImage(spec));
    if (options.node) results.push(await this.ensureNodeImage());
    return results;
  }

  /** Where a binary's outputs live once built. */
  async binaryDir(name: string): Promise<string> {
    return join(this.cache, 'bin', `${name}-${await this.binaryFingerprint(name)}`);
  }

  async ensureImage(spec: ImageSpec): Promise<ImageResult> {
    const started = Date.now();
    const fingerprint = await this.imageFingerprint(spec);
    const existing = await inspectImage(spec.ref);
    if (existing && !this.forcing(`image:${spec.ref}`)) {
      const label = existing.labels[fingerprintLabel];
      // No label: the genuine upstream image (pulled, or loaded by hand). Use it as it is.
      if (label === undefined) return { ref: spec.ref, outcome: 'upstream', fingerprint, durationMs: Date.now() - started };
      if (label === fingerprint) return { ref: spec.ref, outcome: 'cached', fingerprint, durationMs: Date.now() - started };
    }
    let inputs: { files: Record<string, string>; busybox: string | undefined; baseRef: string | undefined };
    try {
      inputs = await this.offlineInputs(spec);
    } catch (error) {
      // No Go, or no root for debootstrap: a machine online can still build from published images.
      if (!spec.online || !this.allowPull || !isKindlabError(error) || !offlineBlockers.includes(error.code)) throw error;
      await step(this.sink, `image:${spec.ref}`, `image ${spec.ref} (Dockerfile on published images: ${error.code})`, () =>
        buildFromDockerfile(spec, spec.online!, { [fingerprintLabel]: fingerprint }, this.log(`image:${spec.ref}`)),
      );
      this.done.add(`image:${spec.ref}`);
      return { ref: spec.ref, outcome: 'built', fingerprint, durationMs: Date.now() - started };
    }
    const { files, busybox, baseRef } = inputs;
    await step(this.sink, `image:${spec.ref}`, `image ${spec.ref}`, async () => {
      const contextDir = join(this.cache, 'contexts', `${sanitize(spec.ref)}-${fingerprint}`);
      await buildCatalogImage(
        spec,
        {
          files,
          ...(busybox ? { busybox, applets: await busyboxApplets(busybox) } : {}),
          ...(baseRef ? { baseRef } : {}),
        },
        contextDir,
        { [fingerprintLabel]: fingerprint },
        this.log(`image:${spec.ref}`),
      );
    });
    this.done.add(`image:${spec.ref}`);
    await removeSuperseded(existing?.id, spec.ref);
    return { ref: spec.ref, outcome: 'built', fingerprint, durationMs: Date.now() - started };
  }

  private async offlineInputs(spec: ImageSpec) {
    const files: Record<string, string> = {};
    for (const [dest, output] of Object.entries(spec.files)) files[dest] = await this.ensureBinaryOutput(output);
    const busybox = spec.busybox ? await this.ensureBinaryOutput(spec.busybox) : undefined;
    const baseRef = spec.base ? await this.ensureRootfs(spec.base) : undefined;
    return { files, busybox, baseRef };
  }

  async ensureNodeImage(): Promise<ImageResult> {
    const started = Date.now();
    const ref = this.catalog.node.offline;
    const fingerprint = await this.nodeFingerprint();
    const existing = await inspectImage(ref);
    if (existing && !this.forcing('node') && existing.labels[fingerprintLabel] === fingerprint) {
      return { ref, outcome: 'cached', fingerprint, durationMs: Date.now() - started };
    }
    const preload = nodePreload(this.catalog);
    for (const spec of preload) await this.ensureImage(spec);
    const binaries: Record<string, string> = {};
    for (const [dest, output] of Object.entries(this.catalog.node.binaries)) binaries[dest] = await this.ensureBinaryOutput(output);
    const baseRef = await this.ensureRootfs(this.catalog.node.rootfs);
    await step(this.sink, 'node-image', `node image ${ref}`, () =>
      buildNodeImage(
        this.catalog,
        { baseRef, binaries, preload: preload.map((p) => p.ref), labels: { [fingerprintLabel]: fingerprint } },
        join(this.cache, 'contexts', `node-${fingerprint}`),
        this.log('node-image'),
      ),
    );
    this.done.add('node');
    await removeSuperseded(existing?.id, ref);
    return { ref, outcome: 'built', fingerprint, durationMs: Date.now() - started };
  }

  /** Builds the binary recipe if needed and returns the path of one of its outputs. */
  async ensureBinaryOutput(output: string): Promise<string> {
    const [name = '', file = ''] = output.split('/');
    const recipe = this.binary(name);
    const dir = await this.binaryDir(name);
    const path = join(dir, file);
    if (existsSync(path) && !this.forcing(`binary:${name}`)) return path;
    await step(this.sink, `binary:${name}`, `binary ${name} (${describeRecipe(recipe)})`, () => this.buildBinary(recipe, dir));
    this.done.add(`binary:${name}`);
    if (!existsSync(path)) throw new KindlabError('BUILD_OUTPUT_MISSING', `building ${name} did not produce ${file}`);
    pruneSiblings(join(this.cache, 'bin'), name, basename(dir));
    pruneSiblings(join(this.cache, 'go'), name, basename(dir));
    return path;
  }

  private async buildBinary(recipe: BinaryRecipe, dir: string): Promise<void> {
    const log = this.log(`binary:${recipe.name}`);
    const partial = `${dir}.partial`;
    switch (recipe.kind) {
      case 'go':
        return buildGoRecipe(recipe.go, join(this.cache, 'go', basename(dir)), dir, log);
      case 'source': {
        rmSync(partial, { recursive: true, force: true });
        mkdirSync(partial, { recursive: true });
        const ldflags = ['-s', '-w', ...recipe.ldflags].join(' ');
        await run('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', join(partial, basename(recipe.source)), '.'], {
          cwd: fromProject(recipe.source),
          env: goEnv(),
          onLine: log,
        });
        return finish(partial, dir);
      }
      case 'c': {
        rmSync(partial, { recursive: true, force: true });
        mkdirSync(partial, { recursive: true });
        const out = join(partial, binaryOutputs(recipe)[0]!);
        await run('gcc', ['-static', '-O2', '-Wall', '-o', out, fromProject(recipe.source)], { onLine: log });
        await run('strip', [out], { onLine: log });
        return finish(partial, dir);
      }
      case 'rootfs': {
        await this.ensureRootfs(recipe.rootfs);
        rmSync(partial, { recursive: true, force: true });
        mkdirSync(partial, { recursive: true });
        const tree = join(this.cache, 'rootfs', `${recipe.rootfs}-${await this.rootfsFingerprint(recipe.rootfs)}`);
        await run('cp', ['-L', join(tree, recipe.path), join(partial, basename(recipe.path))]);
        return finish(partial, dir);
      }
    }
  }

  /** Makes sure the Debian tree is built and imported; returns its Docker reference. */
  async ensureRootfs(name: string): Promise<string> {
    const recipe = this.catalog.rootfs[name];
    if (!recipe) throw new KindlabError('CATALOG_INVALID', `no rootfs named ${name} in the catalog`);
    const fingerprint = await this.rootfsFingerprint(name);
    const ref = rootfsImageRef(name, fingerprint);
    const tree = join(this.cache, 'rootfs', `${name}-${fingerprint}`);
    if (!this.forcing(`rootfs:${name}`) && existsSync(tree) && (await inspectImage(ref))) return ref;
    await step(this.sink, `rootfs:${name}`, `Debian ${this.catalog.debian.suite} tree "${name}" (debootstrap)`, () =>
      buildRootfs(this.catalog, recipe, tree, join(this.cache, 'debs'), ref, { [fingerprintLabel]: fingerprint }, this.log(`rootfs:${name}`), this.force),
    );
    this.done.add(`rootfs:${name}`);
    pruneSiblings(join(this.cache, 'rootfs'), name, basename(tree));
    for (const old of await imagesOfRepository(`kindlab/rootfs-${name}`)) if (old !== ref) await removeImage(old);
    return ref;
  }

  async rootfsFingerprint(name: string): Promise<string> {
    return this.memoize(`rootfs:${name}`, async () =>
      new Fingerprint().add('rootfs', { recipe: this.catalog.rootfs[name], debian: this.catalog.debian, variant: rootfsVariant }).digest(),
    );
  }

  async binaryFingerprint(name: string): Promise<string> {
    return this.memoize(`binary:${name}`, async () => {
      const recipe = this.binary(name);
      const tools = await this.tools();
      const f = new Fingerprint().add('recipe', recipe);
      if (recipe.kind === 'go' || recipe.kind === 'source') f.add('go', tools.go);
      // Tests do not go into the binary: changing them must not trigger a rebuild.
      if (recipe.kind === 'source') f.addTree('source', fromProject(recipe.source), (file) => !file.endsWith('_test.go'));
      if (recipe.kind === 'c') f.add('gcc', tools.gcc).addFile('source', fromProject(recipe.source));
      if (recipe.kind === 'rootfs') f.add('rootfs', await this.rootfsFingerprint(recipe.rootfs));
      return f.digest();
    });
  }

  async imageFingerprint(spec: ImageSpec): Promise<string> {
    return this.memoize(`image:${spec.ref}`, async () => {
      const f = new Fingerprint().add('spec', spec).add('layout', 2);
      for (const output of [...Object.values(spec.files), ...(spec.busybox ? [spec.busybox] : [])]) {
        f.add(output, await this.binaryFingerprint(output.split('/')[0]!));
      }
      if (spec.base) f.add('base', await this.rootfsFingerprint(spec.base));
      return f.digest();
    });
  }

  async nodeFingerprint(): Promise<string> {
    return this.memoize('node', async () => {
      const node = this.catalog.node;
      const f = new Fingerprint().add('node', { ...node, upstream: undefined }).add('kubernetes', this.catalog.kubernetes);
      f.addTree('recipe', fromProject(node.recipe));
      f.add('rootfs', await this.rootfsFingerprint(node.rootfs));
      for (const output of Object.values(node.binaries).sort()) f.add(output, await this.binaryFingerprint(output.split('/')[0]!));
      for (const spec of nodePreload(this.catalog)) f.add(spec.ref, await this.imageFingerprint(spec));
      return f.digest();
    });
  }

  private forcing(key: string): boolean {
    return this.force && !this.done.has(key);
  }

  private binary(name: string): BinaryRecipe {
    const recipe = this.catalog.binaries[name];
    if (!recipe) throw new KindlabError('CATALOG_INVALID', `no binary named ${name} in the catalog`);
    return recipe;
  }

  private async tools(): Promise<{ go: string; gcc: string }> {
    if (!this.toolVersions) {
      const needsGcc = Object.values(this.catalog.binaries).some((b) => b.kind === 'c');
      const gcc = needsGcc ? (await run('gcc', ['-dumpfullversion'], { allowFailure: true }).catch(() => ({ stdout: 'none' }))).stdout.trim() : 'none';
      this.toolVersions = { go: await goVersion(), gcc };
    }
    return this.toolVersions;
  }

  private async memoize(key: string, compute: () => Promise<string>): Promise<string> {
    const known = this.memo.get(key);
    if (known) return known;
    const value = await compute();
    this.memo.set(key, value);
    return value;
  }

  private log(stepId: string): (line: string) => void {
    return (line) => {
      if (line.trim()) this.sink({ kind: 'info', step: stepId, message: line, at: Date.now() });
    };
  }
}

/** What the offline node image carries in its containerd: node images and the node's own roles. */
export function nodePreload(catalog: Catalog): ImageSpec[] {
  return catalog.images.filter((img) => img.scope === 'node' || (img.role !== undefined && (nodeRoles as readonly string[]).includes(img.role)));
}

function describeRecipe(recipe: BinaryRecipe): string {
  switch (recipe.kind) {
    case 'go':
      return `${recipe.go.module}@${recipe.go.version}, Go module proxy`;
    case 'source':
      return `${recipe.source}, kindlab's own code`;
    case 'c':
      return `${recipe.source}, gcc -static`;
    case 'rootfs':
      return `${recipe.path} from Debian tree ${recipe.rootfs}`;
  }
}

function finish(partial: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
}

/** Errors that mean "this machine cannot build offline", not "the build is broken". */
const offlineBlockers = ['GO_MISSING', 'ROOT_REQUIRED', 'DEBOOTSTRAP_MISSING'];

/**
 * Removes the image a rebuild superseded, unless the rebuild produced that very image again (a
 * cache hit gives the same ID) or a container still uses it.
 */
async function removeSuperseded(oldId: string | undefined, ref: string): Promise<void> {
  if (!oldId) return;
  const now = await inspectImage(ref);
  if (now?.id === oldId) return;
  await removeImage(oldId);
}

async function removeImage(idOrRef: string): Promise<void> {
  await docker(['rmi', idOrRef], { allowFailure: true });
}

async function imagesOfRepository(repository: string): Promise<string[]> {
  const out = await docker(['images', repository, '--format', '{{.Repository}}:{{.Tag}}'], { allowFailure: true });
  return out.split('\n').filter(Boolean);
}

/** Deletes cached builds of `name` other than `keep` (older fingerprints), so caches stay lean. */
function pruneSiblings(dir: string, name: string, keep: string): void {
  if (!existsSync(dir)) return;
  const pattern = new RegExp(`^${name.replace(/[-.]/g, '\\$&')}-[0-9a-f]{16}(\\.partial)?$`);
  for (const entry of readdirSync(dir)) {
    if (entry !== keep && pattern.test(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}

function sanitize(ref: string): string {
  return ref.replace(/[^\w.-]+/g, '_');
}
