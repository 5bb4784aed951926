import { exportImages, ImageBuilder, importImages, megabytes } from '../../cluster/images/index.js';
import { ensureKind, Kind } from '../../cluster/kind.js';
import { pushImages, registryContainer, startRegistry } from '../../cluster/registry.js';
import { KindlabError } from '../../core/errors.js';
import { supportDaysLeft } from '../../cluster/images/releases.js';
import { catalogFor } from '../../setup/release.js';
import type { Command } from '../command.js';
import { courseFor, courseOption } from '../course.js';
import { progressReporter, seconds } from '../reporters/progress.js';

export const imagesCommand: Command = {
  name: 'images',
  summary: 'list the image catalog, build every image offline (`kindlab images build`), or carry them in one archive (`export`, `import`)',
  usage: 'kindlab images [list|build|export FILE|import FILE|registry|push REGISTRY|load --cluster NAME] [--kubernetes <version>] [--image REF]… [--json] [--force] [--cluster-only]',
  details: [
    'list      every image with what it is for and how it is built offline (default)',
    'build     build what is missing from Go modules and Debian packages, cached by content',
    'export FILE   write every image `kindlab up` and the course need (the node image included, the',
    '          images of the course\'s kindlab.yaml; --image adds more) into one archive (.tar.gz with an index)',
    'import FILE   check and `docker load` such an archive: `kindlab up` then builds nothing',
    'registry  start a class registry (in memory) on the kind network, published on 127.0.0.1:--port (5001)',
    'push REGISTRY   push every image the labs and exercises use (e.g. localhost:5001); then',
    '          KINDLAB_REGISTRY=REGISTRY makes labs and exercises pull them from there',
    'load --cluster NAME   load those images into another kind cluster\'s nodes',
  ].join('\n'),
  allowPositionals: true,
  options: {
    json: { type: 'boolean', description: 'print JSON' },
    force: { type: 'boolean', description: 'rebuild even what is cached' },
    kubernetes: { type: 'string', valueName: 'version', description: 'Kubernetes release from the catalog (default: the cluster\'s, else the catalog\'s)' },
    port: { type: 'string', valueName: 'port', description: 'registry: the port on 127.0.0.1 (default 5001)' },
    cluster: { type: 'string', valueName: 'name', description: 'load: the kind cluster to load into' },
    image: { type: 'string', multiple: true, valueName: 'ref', description: 'export: also this image (e.g. nginx:1.27), from Docker; repeatable' },
    ...courseOption,
    'cluster-only': { type: 'boolean', description: 'build only the images loaded into a running cluster, not the node image' },
  },
  async run({ values, positionals, out, err }) {
    const action = positionals[0] ?? 'list';
    if (action === 'list') {
      const catalog = catalogFor(values.kubernetes as string | undefined);
      if (values.json) {
        out(JSON.stringify({ kubernetes: catalog.kubernetes, releases: catalog.releases, node: catalog.node, images: catalog.images }, null, 2));
        return 0;
      }
      out(`Kubernetes ${catalog.kubernetes} · node image ${catalog.node.upstream.split('@')[0]} (offline: ${catalog.node.offline})`);
      for (const r of Object.values(catalog.releases)) {
        out(`  ${r.kubernetes === catalog.kubernetes ? '*' : ' '} ${r.kubernetes}  supported until ${r.supportEnds} (${supportDaysLeft(r)} days)  ${r.tested ? `tested: ${r.tested}` : 'not tested by kindlab'}`);
      }
      out('');
      for (const image of catalog.images) out(`${image.ref}\n    ${image.for} [${image.scope}]`);
      return 0;
    }
    if (action === 'registry' || action === 'push' || action === 'load') return classImages(action, positionals[1], values, out, err);
    if (action === 'export' || action === 'import') return archiveImages(action, positionals[1], values, out, err);
    if (action !== 'build') {
      err(`kindlab images: unknown action "${action}".\n  fix: use \`kindlab images list\`, \`build\`, \`export FILE\`, \`import FILE\`, \`registry\`, \`push REGISTRY\` or \`load --cluster NAME\``);
      return 1;
    }
    const reporter = progressReporter({ verbose: Boolean(values.verbose) });
    const started = Date.now();
    try {
      const builder = new ImageBuilder({ sink: reporter, force: Boolean(values.force), catalog: catalogFor(values.kubernetes as string | undefined) });
      const results = await builder.ensure({ scopes: ['cluster'], node: !values['cluster-only'] });
      reporter.close();
      if (values.json) {
        out(JSON.stringify({ durationMs: Date.now() - started, images: results }, null, 2));
      } else {
        for (const r of results) out(`${r.outcome.padEnd(8)} ${r.ref}`);
        out(`images ready in ${seconds(Date.now() - started)}`);
      }
      return 0;
    } finally {
      reporter.close();
    }
  },
};

/** The images a class needs (every image loaded into kindlab's nodes), moved where its cluster is. */
async function classImages(action: 'registry' | 'push' | 'load', target: string | undefined, values: Record<string, unknown>, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  const reporter = progressReporter({ verbose: Boolean(values.verbose) });
  try {
    const builder = new ImageBuilder({ sink: reporter, catalog: catalogFor(values.kubernetes as string | undefined) });
    if (action === 'registry') {
      const image = builder.catalog.images.find((i) => i.scope === 'host')!;
      await builder.ensureImage(image);
      out(`registry ${await startRegistry(image.ref, Number(values.port ?? 5001))} (container ${registryContainer}, network kind)`);
      return 0;
    }
    const refs = (await builder.ensure({ scopes: ['cluster'], node: false })).map((r) => r.ref);
    if (action === 'push') {
      if (!target) throw new KindlabError('BAD_OPTION', 'push where?', { fix: '`kindlab images push localhost:5001` (see `kindlab images registry`)' });
      const pushed = await pushImages(target, refs, (l) => err(l));
      out(`pushed ${pushed.length} images to ${target}; labs and exercises pull them from there with KINDLAB_REGISTRY=${target}`);
      return 0;
    }
    const cluster = values.cluster as string | undefined;
    if (!cluster) throw new KindlabError('BAD_OPTION', 'load into which kind cluster?', { fix: '`kindlab images load --cluster NAME` (`kind get clusters` lists them)' });
    const kind = new Kind(await ensureKind(builder.catalog.kind));
    await kind.load(cluster, refs, (l) => err(l));
    out(`loaded ${refs.length} images into kind cluster ${cluster}`);
    return 0;
  } finally {
    reporter.close();
  }
}

/** One archive of every image, for machines that reach no registry: written here, loaded there. */
async function archiveImages(action: 'export' | 'import', file: string | undefined, values: Record<string, unknown>, out: (t: string) => void, err: (t: string) => void): Promise<number> {
  if (!file) throw new KindlabError('BAD_OPTION', `${action} which file?`, { fix: `\`kindlab images ${action} kindlab-images.tar.gz\`` });
  const reporter = progressReporter({ verbose: Boolean(values.verbose) });
  try {
    if (action === 'export') {
      // The course's own images (its kindlab.yaml) travel with kindlab's.
      const course = await courseFor(values, err);
      const extraImages = [...new Set([...course.images, ...((values.image as string[] | undefined) ?? [])])];
      const result = await exportImages({ file, catalog: catalogFor(values.kubernetes as string | undefined), extraImages, sink: reporter });
      reporter.close();
      if (values.json) out(JSON.stringify({ durationMs: result.durationMs, index: result.index }, null, 2));
      else out(`exported ${result.index.images.length} images (Kubernetes ${result.index.kubernetes}) into ${file}: ${megabytes(result.index.archiveBytes)} in ${seconds(result.durationMs)}\n  on the classroom's machines: \`kindlab images import ${file}\`, then \`kindlab up\``);
      return 0;
    }
    const result = await importImages({ file, sink: reporter });
    reporter.close();
    const release = catalogFor().kubernetes;
    if (values.json) out(JSON.stringify({ durationMs: result.durationMs, index: result.index, current: result.current, older: result.older }, null, 2));
    else {
      out(`imported ${result.index.images.length} images from ${file} (kindlab ${result.index.kindlab}, Kubernetes ${result.index.kubernetes}) in ${seconds(result.durationMs)}`);
      if (result.older.length === 0) out(`  \`kindlab up${result.index.kubernetes === release ? '' : ` --kubernetes ${result.index.kubernetes}`}\` uses them as they are: nothing to build`);
    }
    if (result.older.length === 0) return 0;
    err(`kindlab images import: ${result.older.length} image(s) of the archive were built from other recipes than this checkout's, so \`kindlab up\` would build them again: ${result.older.join(', ')}\n  fix: export the archive from a checkout of this kindlab version, or let \`kindlab up\` build them (needs Go)`);
    return 1;
  } finally {
    reporter.close();
  }
}
