import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { KindlabError } from '../../core/errors.js';
import { parseYaml } from '../../core/yaml.js';
import { Validator } from './validator.js';
import { fromProject } from '../../core/paths.js';
import { naturalBinaryName } from './go-build.js';
import { parseReleases, pickRelease, releaseValues } from './releases.js';
import { addonRoles, nodeRoles, toolRoles, type BinaryRecipe, type Catalog, type ImageRole, type ImageScope, type ImageSpec, type NodeSpec, type RootfsRecipe } from './catalog-types.js';

export * from './catalog-types.js';

export const catalogPath = 'images/catalog.yaml';

export interface CatalogOptions {
  /** The Kubernetes release to use ("v1.36.4", or a minor: "v1.36"); default: the catalog's. */
  kubernetes?: string | undefined;
}

export function loadCatalog(path = fromProject(catalogPath), options: CatalogOptions = {}): Catalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new KindlabError('CATALOG_MISSING', `cannot read the image catalog ${path}`, { cause });
  }
  return parseCatalog(text, path, options);
}

/** Parses and validates the catalog; every error names the file and the field at fault. */
export function parseCatalog(text: string, source = catalogPath, options: CatalogOptions = {}): Catalog {
  const raw = parseYaml(text, source, { code: 'CATALOG_INVALID', fix: `fix ${source} at that line` });
  const v = new Validator(source);
  const top = v.object(raw, '');
  const releases = parseReleases(v, top.releases);
  const release = pickRelease(releases, v.string(top.kubernetes, 'kubernetes'), options.kubernetes, source);
  const values = releaseValues(release);
  // {kubernetes}, {etcd}, {coredns}… stand for the chosen release's pins.
  const expand = (s: string) =>
    s.replace(/\{([a-z-]+)\}/g, (all, name: string) => values[name] ?? v.fail('', `uses ${all}, which no release defines (known: ${Object.keys(values).map((k) => `{${k}}`).join(', ')})`));

  const debianRaw = v.object(top.debian, 'debian');
  const debian = { suite: v.string(debianRaw.suite, 'debian.suite'), mirror: v.string(debianRaw.mirror, 'debian.mirror') };

  const rootfs: Record<string, RootfsRecipe> = {};
  for (const [name, value] of Object.entries(v.object(top.rootfs, 'rootfs'))) {
    const r = v.object(value, `rootfs.${name}`);
    rootfs[name] = { name, for: v.string(r.for, `rootfs.${name}.for`), packages: v.strings(r.packages, `rootfs.${name}.packages`) };
  }

  const binaries: Record<string, BinaryRecipe> = {};
  for (const [name, value] of Object.entries(v.object(top.binaries, 'binaries'))) {
    binaries[name] = parseBinary(v, name, v.object(value, `binaries.${name}`), expand);
  }
  for (const b of Object.values(binaries)) {
    if (b.kind === 'rootfs' && !rootfs[b.rootfs]) v.fail(`binaries.${b.name}.rootfs`, `names no rootfs (known: ${Object.keys(rootfs).join(', ')})`);
  }
  const outputs = new Set(Object.values(binaries).flatMap((b) => binaryOutputs(b).map((o) => `${b.name}/${o}`)));
  const checkOutput = (ref: string, field: string) => {
    if (!outputs.has(ref)) v.fail(field, `"${ref}" is no binary output (known: ${[...outputs].sort().join(', ')})`);
    return ref;
  };

  const nodeRaw = v.object(top.node, 'node');
  const node: NodeSpec = {
    upstream: expand(v.string(nodeRaw.upstream, 'node.upstream')),
    offline: expand(v.string(nodeRaw.offline, 'node.offline')),
    rootfs: v.string(nodeRaw.rootfs, 'node.rootfs'),
    recipe: v.string(nodeRaw.recipe, 'node.recipe'),
    binaries: mapValues(v.stringMap(nodeRaw.binaries, 'node.binaries'), (ref, dest) => checkOutput(ref, `node.binaries.${dest}`)),
  };
  if (!rootfs[node.rootfs]) v.fail('node.rootfs', `names no rootfs (known: ${Object.keys(rootfs).join(', ')})`);

  const images = v.array(top.images, 'images').map((value, i): ImageSpec => {
    const at = `images[${i}]`;
    const r = v.object(value, at);
    const scope = v.string(r.scope, `${at}.scope`);
    if (scope !== 'node' && scope !== 'cluster' && scope !== 'host') v.fail(`${at}.scope`, `must be node, cluster or host, got "${scope}"`);
    const role = r.role === undefined ? undefined : v.string(r.role, `${at}.role`);
    if (role !== undefined && ![...nodeRoles, ...addonRoles, ...toolRoles].includes(role as ImageRole)) v.fail(`${at}.role`, `unknown role "${role}"`);
    const base = r.base === undefined ? undefined : v.string(r.base, `${at}.base`);
    if (base !== undefined && !rootfs[base]) v.fail(`${at}.base`, `names no rootfs (known: ${Object.keys(rootfs).join(', ')})`);
    const ref = expand(v.string(r.ref, `${at}.ref`));
    if (!/:[\w][\w.-]*$/.test(ref) || ref.endsWith(':latest')) v.fail(`${at}.ref`, `"${ref}" needs a pinned tag (not :latest)`);
    return {
      ref,
      for: v.string(r.for, `${at}.for`),
      scope: scope as ImageScope,
      role: role as ImageRole | undefined,
      base,
      files: r.files === undefined ? {} : mapValues(v.stringMap(r.files, `${at}.files`), (ref2, dest) => checkOutput(ref2, `${at}.files.${dest}`)),
      busybox: r.busybox === undefined ? undefined : checkOutput(v.string(r.busybox, `${at}.busybox`), `${at}.busybox`),
      entrypoint: r.entrypoint === undefined ? undefined : v.strings(r.entrypoint, `${at}.entrypoint`),
      cmd: r.cmd === undefined ? undefined : v.strings(r.cmd, `${at}.cmd`),
      online: r.online === undefined ? undefined : parseOnline(v, v.object(r.online, `${at}.online`), `${at}.online`),
    };
  });
  const seen = new Set<string>();
  images.forEach((img, i) => {
    if (seen.has(img.ref)) v.fail(`images[${i}].ref`, `"${img.ref}" is listed twice`);
    seen.add(img.ref);
  });
  for (const role of [...nodeRoles, ...addonRoles, ...toolRoles]) {
    if (images.filter((img) => img.role === role).length !== 1) v.fail('images', `needs exactly one image with role ${role}`);
  }

  return { kubernetes: release.kubernetes, release, releases, kind: v.string(top.kind, 'kind'), node, debian, rootfs, binaries, images };
}

function parseBinary(v: Validator, name: string, r: Record<string, unknown>, expand: (s: string) => string): BinaryRecipe {
  const at = `binaries.${name}`;
  if (r.go !== undefined) {
    const g = v.object(r.go, `${at}.go`);
    const versionFlags = g.versionFlags === undefined ? undefined : v.string(g.versionFlags, `${at}.go.versionFlags`);
    if (versionFlags !== undefined && versionFlags !== 'kubernetes') v.fail(`${at}.go.versionFlags`, 'only "kubernetes" is known');
    return {
      name,
      kind: 'go',
      go: {
        module: v.string(g.module, `${at}.go.module`),
        version: expand(v.string(g.version, `${at}.go.version`)),
        packages: v.strings(g.packages, `${at}.go.packages`),
        stagingModules: g.stagingModules === true,
        tags: g.tags === undefined ? [] : v.strings(g.tags, `${at}.go.tags`),
        ldflags: g.ldflags === undefined ? [] : v.strings(g.ldflags, `${at}.go.ldflags`).map(expand),
        versionFlags: versionFlags as 'kubernetes' | undefined,
        replace: g.replace === undefined ? {} : v.stringMap(g.replace, `${at}.go.replace`),
        rename: g.rename === undefined ? {} : v.stringMap(g.rename, `${at}.go.rename`),
      },
    };
  }
  if (r.source !== undefined) {
    return { name, kind: 'source', source: v.string(r.source, `${at}.source`), ldflags: r.ldflags === undefined ? [] : v.strings(r.ldflags, `${at}.ldflags`) };
  }
  if (r.c !== undefined) return { name, kind: 'c', source: v.string(r.c, `${at}.c`) };
  if (r.rootfs !== undefined) return { name, kind: 'rootfs', rootfs: v.string(r.rootfs, `${at}.rootfs`), path: v.string(r.path, `${at}.path`) };
  return v.fail(at, 'needs one of go, source, c or rootfs');
}

function parseOnline(v: Validator, r: Record<string, unknown>, at: string): { context: string; args: Record<string, string> } {
  return { context: v.string(r.context, `${at}.context`), args: r.args === undefined ? {} : v.stringMap(r.args, `${at}.args`) };
}

/** The file names a binary recipe produces. */
export function binaryOutputs(b: BinaryRecipe): string[] {
  switch (b.kind) {
    case 'go':
      return b.go.packages.map((p) => {
        const natural = naturalBinaryName(p === '.' ? b.go.module : `${b.go.module}/${p}`);
        return b.go.rename[natural] ?? natural;
      });
    case 'source':
      return [basename(b.source)];
    case 'c':
      return [basename(b.source).replace(/\.c$/, '')];
    case 'rootfs':
      return [basename(b.path)];
  }
}

export function imageByRole(catalog: Catalog, role: ImageRole): ImageSpec {
  const image = catalog.images.find((i) => i.role === role);
  if (!image) throw new KindlabError('CATALOG_INVALID', `the catalog has no image with role ${role}`);
  return image;
}

function mapValues(record: Record<string, string>, f: (value: string, key: string) => string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, val]) => [k, f(val, k)]));
}

/** Where a binary comes from, in words (progress lines). */
export function describeRecipe(recipe: BinaryRecipe): string {
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
