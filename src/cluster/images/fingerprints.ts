import { fromProject } from '../../core/paths.js';
import { KindlabError } from '../../core/errors.js';
import { nodeRoles, type BinaryRecipe, type Catalog, type ImageSpec } from './catalog.js';
import { Fingerprint } from './fingerprint.js';
import { rootfsVariant } from './rootfs.js';
import { localToolchain, type Toolchain } from './toolchains.js';

/**
 * The fingerprint of every build input, from the catalog: a Debian tree, a binary, an image, the
 * node image. A cached result is reused while its fingerprint is the same; computed once per run.
 * The toolchain is this machine's unless given (an imported archive's).
 */
export class Fingerprints {
  private readonly memo = new Map<string, string>();
  private tools: Promise<Toolchain> | undefined;

  constructor(
    private readonly catalog: Catalog,
    toolchain?: Toolchain,
  ) {
    if (toolchain) this.tools = Promise.resolve(toolchain);
  }

  /** The Go and gcc versions these fingerprints are computed with. */
  toolchain(): Promise<Toolchain> {
    this.tools ??= localToolchain(this.catalog);
    // A failure (no Go) is not remembered: Go may be installed while kindlab runs.
    return this.tools.catch((error: unknown) => {
      this.tools = undefined;
      throw error;
    });
  }

  async rootfs(name: string): Promise<string> {
    return this.memoize(`rootfs:${name}`, async () =>
      new Fingerprint().add('rootfs', { recipe: this.catalog.rootfs[name], debian: this.catalog.debian, variant: rootfsVariant }).digest(),
    );
  }

  async binary(name: string): Promise<string> {
    return this.memoize(`binary:${name}`, async () => {
      const recipe = this.recipe(name);
      const tools = await this.toolchain();
      const f = new Fingerprint().add('recipe', recipe);
      if (recipe.kind === 'go' || recipe.kind === 'source') f.add('go', tools.go);
      // Tests do not go into the binary: changing them must not trigger a rebuild.
      if (recipe.kind === 'source') f.addTree('source', fromProject(recipe.source), (file) => !file.endsWith('_test.go'));
      if (recipe.kind === 'c') f.add('gcc', tools.gcc).addFile('source', fromProject(recipe.source));
      if (recipe.kind === 'rootfs') f.add('rootfs', await this.rootfs(recipe.rootfs));
      return f.digest();
    });
  }

  async image(spec: ImageSpec): Promise<string> {
    return this.memoize(`image:${spec.ref}`, async () => {
      const f = new Fingerprint().add('spec', spec).add('layout', 2);
      for (const output of [...Object.values(spec.files), ...(spec.busybox ? [spec.busybox] : [])]) {
        f.add(output, await this.binary(output.split('/')[0]!));
      }
      if (spec.base) f.add('base', await this.rootfs(spec.base));
      return f.digest();
    });
  }

  async node(): Promise<string> {
    return this.memoize('node', async () => {
      const node = this.catalog.node;
      const f = new Fingerprint().add('node', { ...node, upstream: undefined }).add('kubernetes', this.catalog.kubernetes);
      f.addTree('recipe', fromProject(node.recipe));
      f.add('rootfs', await this.rootfs(node.rootfs));
      for (const output of Object.values(node.binaries).sort()) f.add(output, await this.binary(output.split('/')[0]!));
      for (const spec of nodePreload(this.catalog)) f.add(spec.ref, await this.image(spec));
      return f.digest();
    });
  }

  private recipe(name: string): BinaryRecipe {
    const recipe = this.catalog.binaries[name];
    if (!recipe) throw new KindlabError('CATALOG_INVALID', `no binary named ${name} in the catalog`);
    return recipe;
  }

  private async memoize(key: string, compute: () => Promise<string>): Promise<string> {
    const known = this.memo.get(key);
    if (known) return known;
    const value = await compute();
    this.memo.set(key, value);
    return value;
  }

}

/** What the offline node image carries in its containerd: node images and the node's own roles. */
export function nodePreload(catalog: Catalog): ImageSpec[] {
  return catalog.images.filter((img) => img.scope === 'node' || (img.role !== undefined && (nodeRoles as readonly string[]).includes(img.role)));
}
