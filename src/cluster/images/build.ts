import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isKindlabError, KindlabError } from '../../core/errors.js';
import { run } from '../../core/exec.js';
import { cacheDir, fromProject } from '../../core/paths.js';
import { silent, step, type ProgressSink } from '../../core/progress.js';
import { inspectImage } from '../docker.js';
import { binaryOutputs, describeRecipe, loadCatalog, type ImageScope, type BinaryRecipe, type Catalog, type ImageSpec } from './catalog.js';
import { Fingerprints, nodePreload } from './fingerprints.js';
import { finish, imagesOfRepository, pruneSiblings, removeImage, removeSuperseded, sanitize } from './store.js';
import { buildGoRecipe, goEnv } from './go-build.js';
import { buildCatalogImage, buildFromDockerfile, busyboxApplets, fingerprintLabel } from './image-build.js';
import { buildNodeImage } from './node-image.js';
import { buildRootfs, rootfsImageRef } from './rootfs.js';
import { importedToolchains, judgeBuild, type BuildVerdict } from './toolchains.js';

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
  /** What this run already (re)built: --force rebuilds each thing once, not at every use. */
  private readonly done = new Set<string>();
  private readonly fingerprints: Fingerprints;
  /** This machine's fingerprints, then those under each imported archive's toolchain. */
  private knownToolchains: Fingerprints[] | undefined;

  constructor(options: BuildOptions = {}) {
    this.catalog = options.catalog ?? loadCatalog();
    this.cache = options.cacheRoot ?? cacheDir();
    this.sink = options.sink ?? silent;
    this.force = options.force ?? false;
    this.allowPull = options.allowPull ?? false;
    this.fingerprints = new Fingerprints(this.catalog);
  }

  async ensure(options: { scopes: ImageScope[]; node: boolean }): Promise<ImageResult[]> {
    const results: ImageResult[] = [];
    const wanted = this.catalog.images.filter((img) => options.scopes.includes(img.scope));
    for (const spec of wanted) results.push(await this.ensureImage(spec));
    if (options.node) results.push(await this.ensureNodeImage());
    return results;
  }

  /** Where a binary's outputs live once built. */
  async binaryDir(name: string): Promise<string> {
    return join(this.cache, 'bin', `${name}-${await this.fingerprints.binary(name)}`);
  }

  async ensureImage(spec: ImageSpec): Promise<ImageResult> {
    const started = Date.now();
    const existing = await inspectImage(spec.ref);
    if (existing && !this.forcing(`image:${spec.ref}`)) {
      const label = existing.labels[fingerprintLabel];
      // No label: the genuine upstream image (pulled, or loaded by hand). Use it as it is.
      if (label === undefined) return { ref: spec.ref, outcome: 'upstream', fingerprint: await this.fingerprints.image(spec).catch(() => ''), durationMs: Date.now() - started };
      const verdict = await this.judge(spec, label);
      if (verdict.state === 'current') return { ref: spec.ref, outcome: 'cached', fingerprint: verdict.fingerprint, durationMs: Date.now() - started };
    }
    const fingerprint = await this.fingerprints.image(spec);
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
    const existing = await inspectImage(ref);
    const label = existing?.labels[fingerprintLabel];
    if (label && !this.forcing('node')) {
      const verdict = await this.judge('node', label);
      if (verdict.state === 'current') return { ref, outcome: 'cached', fingerprint: verdict.fingerprint, durationMs: Date.now() - started };
    }
    const fingerprint = await this.fingerprints.node();
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
    if (recipe.kind === 'go') return buildGoRecipe(recipe.go, join(this.cache, 'go', basename(dir)), dir, log);
    if (recipe.kind === 'rootfs') await this.ensureRootfs(recipe.rootfs);
    const partial = `${dir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    switch (recipe.kind) {
      case 'source': {
        const ldflags = ['-s', '-w', ...recipe.ldflags].join(' ');
        await run('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', join(partial, basename(recipe.source)), '.'], { cwd: fromProject(recipe.source), env: goEnv(), onLine: log });
        break;
      }
      case 'c': {
        const out = join(partial, binaryOutputs(recipe)[0]!);
        await run('gcc', ['-static', '-O2', '-Wall', '-o', out, fromProject(recipe.source)], { onLine: log });
        await run('strip', [out], { onLine: log });
        break;
      }
      case 'rootfs': {
        const tree = join(this.cache, 'rootfs', `${recipe.rootfs}-${await this.fingerprints.rootfs(recipe.rootfs)}`);
        await run('cp', ['-L', join(tree, recipe.path), join(partial, basename(recipe.path))]);
        break;
      }
    }
    finish(partial, dir);
  }

  /** Makes sure the Debian tree is built and imported; returns its Docker reference. */
  async ensureRootfs(name: string): Promise<string> {
    const recipe = this.catalog.rootfs[name];
    if (!recipe) throw new KindlabError('CATALOG_INVALID', `no rootfs named ${name} in the catalog`);
    const fingerprint = await this.fingerprints.rootfs(name);
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

  /**
   * The node image's fingerprint, what `up` compares with the one a cluster was created from: the
   * image's own when it is current (built here or imported), else what a build here would give.
   */
  async nodeFingerprint(): Promise<string> {
    const label = (await inspectImage(this.catalog.node.offline))?.labels[fingerprintLabel];
    const verdict = label ? await this.judge('node', label) : undefined;
    return verdict?.state === 'current' ? verdict.fingerprint : this.fingerprints.node();
  }

  /** Whether an image's fingerprint label is that of this checkout's recipes, under a toolchain known here. */
  judge(target: ImageSpec | 'node', label: string): Promise<BuildVerdict> {
    this.knownToolchains ??= [this.fingerprints, ...importedToolchains(this.cache).map((t) => new Fingerprints(this.catalog, t))];
    return judgeBuild(label, this.knownToolchains, (f) => (target === 'node' ? f.node() : f.image(target)));
  }

  private forcing(key: string): boolean {
    return this.force && !this.done.has(key);
  }

  private binary(name: string): BinaryRecipe {
    const recipe = this.catalog.binaries[name];
    if (!recipe) throw new KindlabError('CATALOG_INVALID', `no binary named ${name} in the catalog`);
    return recipe;
  }

  private log(stepId: string): (line: string) => void {
    return (line) => {
      if (line.trim()) this.sink({ kind: 'info', step: stepId, message: line, at: Date.now() });
    };
  }
}


/** Errors that mean "this machine cannot build offline", not "the build is broken". */
const offlineBlockers = ['GO_MISSING', 'ROOT_REQUIRED', 'DEBOOTSTRAP_MISSING'];

