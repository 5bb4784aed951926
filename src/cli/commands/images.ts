import { ImageBuilder } from '../../cluster/images/index.js';
import { supportDaysLeft } from '../../cluster/images/releases.js';
import { catalogFor } from '../../setup/release.js';
import type { Command } from '../command.js';
import { progressReporter, seconds } from '../reporters/progress.js';

export const imagesCommand: Command = {
  name: 'images',
  summary: 'list the image catalog, or build every image offline (`kindlab images build`)',
  usage: 'kindlab images [list|build] [--kubernetes <version>] [--json] [--force] [--cluster-only]',
  details: [
    'list   every image with what it is for and how it is built offline (default)',
    'build  build what is missing from Go modules and Debian packages, cached by content',
  ].join('\n'),
  allowPositionals: true,
  options: {
    json: { type: 'boolean', description: 'print JSON' },
    force: { type: 'boolean', description: 'rebuild even what is cached' },
    kubernetes: { type: 'string', valueName: 'version', description: 'Kubernetes release from the catalog (default: the cluster\'s, else the catalog\'s)' },
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
    if (action !== 'build') {
      err(`kindlab images: unknown action "${action}".\n  fix: use \`kindlab images list\` or \`kindlab images build\``);
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
