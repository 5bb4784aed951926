import { archiveSelection, ImageBuilder, imageStatus, inspectImage, refsIn, type ArchiveTarget, type ImageStatus } from '../cluster/index.js';
import { unneededRoles } from '../observe/addons.js';
import { fail, ok, warn, type Check } from './check.js';
import { importFix, nodeImageHere } from './machine.js';

/**
 * Whether Docker holds every image `kindlab up` loads into the nodes, as builds of this checkout:
 * said before any lab waits on them, since pulling is impossible without a registry and building
 * takes 17–48 minutes.
 */
export const imagesCheck: Check = {
  id: 'images',
  title: 'the images `kindlab up` loads are in Docker, current',
  needs: ['docker'],
  async run(state) {
    const nodeImage = await nodeImageHere(state);
    // kind's published node image runs kindnet, which needs no NetworkPolicy agent of kindlab's.
    const skipped = nodeImage === 'upstream' ? unneededRoles('kindnet') : [];
    const roleOf = (t: ArchiveTarget) => (typeof t.spec === 'object' ? (t.spec.role ?? '') : '');
    // The node image's own presence is the node-image check's; here, whether kindlab's is current.
    const wanted = archiveSelection(state.catalog).filter((t) => (t.kind === 'node' ? nodeImage === 'offline' : !skipped.includes(roleOf(t))));
    const builder = new ImageBuilder({ catalog: state.catalog });
    const statuses: ImageStatus[] = [];
    for (const target of wanted) statuses.push(await imageStatus(builder, target.ref, target.spec));
    const missing = refsIn(statuses, 'missing');
    const older = refsIn(statuses, 'older');
    const hasCluster = state.nodes.length > 0 && state.nodes.every((n) => n.running);
    // A course's own images are never built: in Docker already, or pulled by `up` where a registry answers.
    const courseMissing: string[] = [];
    for (const ref of state.courseImages) if (!(await inspectImage(ref))) courseMissing.push(ref);
    if (missing.length) {
      const detail = `not in Docker: ${[...missing, ...courseMissing].join(', ')}`;
      const fix = `${importFix}, or \`kindlab up\` (pulls them, or builds them here: 17–48 minutes)`;
      // A running cluster's nodes hold their own copies: the labs run, only the next `up` needs them.
      return hasCluster ? warn(`${detail} (the nodes hold their own copies)`, fix) : fail(detail, fix);
    }
    if (older.length) return warn(`older builds than this checkout's recipes (\`kindlab up\` builds them again): ${older.join(', ')}`, `\`kindlab images build\`, or ${importFix} from this kindlab version`);
    const unknown = refsIn(statuses, 'unknown');
    // Without Go, only an imported archive's toolchain proves a build current: `up` would stop on them.
    if (unknown.length) return fail(`${unknown.length} kindlab build(s) cannot be checked without Go, and no archive was imported: ${unknown.join(', ')}`, `${importFix}, or install Go`);
    if (courseMissing.length) {
      return warn(`the course's own images are not in Docker: ${courseMissing.join(', ')} (\`kindlab up\` pulls them where a registry answers, and stops without them)`, `with no registry, ${importFix}; else \`docker pull\` them`);
    }
    return ok(`${statuses.length + state.courseImages.length} images present and current${state.courseImages.length ? ` (${state.courseImages.length} of them the course's own)` : ''}`);
  },
};
