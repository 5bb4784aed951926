import { KindlabError } from '../../core/errors.js';
import { up, type ImageMode } from '../../setup/index.js';
import type { Command } from '../command.js';
import { courseFor, courseOption } from '../course.js';
import { progressReporter, seconds } from '../reporters/progress.js';

const modes: ImageMode[] = ['auto', 'online', 'offline'];

export const upCommand: Command = {
  name: 'up',
  summary: 'create the kindlab cluster from kind-config.yaml, or reuse/restart it (builds images offline if needed)',
  usage: 'kindlab up [--images auto|online|offline] [--kubernetes <version>] [--recreate] [--wait] [--config <file>] [--json] [--course DIR]',
  details: [
    'A healthy cluster is reused in seconds; stopped nodes (after a Docker restart) are started;',
    'a broken or half-created cluster is deleted and created again.',
    'Images: auto uses local images, then tries to pull kind\'s published ones, then builds them',
    'here from Go modules and Debian packages (air-gapped classrooms); online/offline force one way.',
    'Kind\'s published node images for Kubernetes 1.35+ need cgroup v2: on a cgroup v1 host the node image is built here.',
    'Like kind\'s --wait, a created cluster is ready when its control plane is; the workers and the add-ons',
    'come up in the background, and `kindlab run` waits for what a lab needs. --wait waits for all of it.',
  ].join('\n'),
  options: {
    images: { type: 'string', valueName: 'mode', description: 'where images come from: auto (default), online, offline' },
    recreate: { type: 'boolean', description: 'delete and create the cluster even if it is healthy' },
    wait: { type: 'boolean', description: 'wait until every node, system pod and add-on is Ready (CI, before a class)' },
    kubernetes: { type: 'string', valueName: 'version', description: 'Kubernetes release from images/catalog.yaml (e.g. v1.36); default: the cluster\'s, else the catalog\'s (KINDLAB_KUBERNETES)' },
    config: { type: 'string', valueName: 'file', description: 'kind configuration (default: kind-config.yaml of the project)' },
    json: { type: 'boolean', description: 'print the result as JSON' },
    ...courseOption,
  },
  async run({ values, out, err }) {
    const images = (values.images as string | undefined) ?? (process.env.KINDLAB_IMAGES as string | undefined) ?? 'auto';
    if (!modes.includes(images as ImageMode)) {
      throw new KindlabError('BAD_OPTION', `--images must be one of ${modes.join(', ')}, got "${images}"`);
    }
    // The course's own images (its kindlab.yaml) are loaded with kindlab's.
    const course = await courseFor(values, err);
    const reporter = progressReporter({ verbose: Boolean(values.verbose) });
    try {
      const result = await up({
        courseImages: course.images,
        images: images as ImageMode,
        recreate: Boolean(values.recreate),
        wait: Boolean(values.wait),
        ...(values.kubernetes ? { kubernetes: values.kubernetes as string } : {}),
        sink: reporter,
        ...(values.config ? { configPath: values.config as string } : {}),
      });
      reporter.close();
      if (values.json) out(JSON.stringify(result, null, 2));
      else {
        const image = result.nodeImage ? ` from ${result.nodeImage.ref} (${result.nodeImage.source}, ${result.nodeImage.outcome})` : '';
        out(`cluster ${result.cluster} ${result.action}${image} in ${seconds(result.durationMs)}; kubectl context kind-${result.cluster}`);
      }
      return 0;
    } finally {
      reporter.close();
    }
  },
};
