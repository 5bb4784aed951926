import type { Duration } from '../core/duration.js';
import { localized, type Localized } from '../core/i18n.js';
import type { Lab } from './lab.js';

/**
 * What a lab needs from the cluster beyond the basics, checked before it starts so that a lab that
 * cannot run here says why instead of failing half-way: `traffic` (NodePorts on 127.0.0.1 that reach
 * this cluster), `ingress` (the Ingress controller, on 127.0.0.1), `metrics` (metrics-server),
 * `node-chaos` (stopping nodes: kind only), `control-plane` (its components visible as pods),
 * `two-workers` (two nodes that take ordinary pods).
 *
 * @example
 * ```ts
 * // A lab that stops a worker while requests flow from the host.
 * const needs: LabNeed[] = ['traffic', 'node-chaos', 'two-workers'];
 * ```
 * @group Labs
 */
export type LabNeed = 'traffic' | 'ingress' | 'metrics' | 'node-chaos' | 'control-plane' | 'two-workers';

/**
 * A lab as the runner sees it: what {@link defineLab} returns, the default export of a lab file.
 * Authors write a {@link LabSpec}; kindlab reads `needs` and `exclusive` to check and schedule it.
 *
 * @group Labs
 */
export interface LabDefinition {
  /** Its name on the command line (`kindlab run <id>`): lowercase words joined by dashes. */
  id: string;
  /** Shown in lists and reports, in French and English. */
  title: { fr: string; en: string };
  /** The course section it teaches, shown beside its title. */
  section: string;
  /** Expected duration on a warm cluster, e.g. "90s": shown in `kindlab list`; three times it (3 min at least) is its timeout. */
  duration: Duration;
  /** What it needs beyond the basics, checked before it starts (see {@link LabNeed}). */
  needs: LabNeed[];
  /** Runs alone on the whole cluster because it disturbs it (stops nodes, loads CPUs): other runs' labs wait. */
  exclusive?: boolean;
  /** Cluster-scoped kinds its manifests may create (none by default: everything stays in its namespace). */
  clusterScoped?: string[];
  /** Folder of its manifests, for {@link Lab.apply}: absolute, or from the course's root (default: manifests/<id>). */
  manifests?: string;
  /** The lab itself, written against {@link Lab}; a failed check ends it, and its namespace is deleted either way. */
  run(lab: Lab): Promise<void>;
}

/**
 * A lab as its author writes it: a {@link LabDefinition} whose title is in one language or two.
 *
 * @group Labs
 */
export type LabSpec = Omit<LabDefinition, 'title'> & { title: Localized };

/**
 * A lab of a course: the default export of its file in `labs/`. It checks the id (lowercase words
 * joined by dashes) and gives a one-language title to both languages.
 *
 * @example
 * ```ts
 * import { defineLab } from 'kindlab';
 *
 * export default defineLab({
 *   id: 'replicas',
 *   title: { fr: 'Réplicas : le ReplicaSet maintient N pods', en: 'Replicas: the ReplicaSet keeps N pods' },
 *   section: 'Principe de fonctionnement : replicas',
 *   duration: '45s',
 *   needs: ['two-workers'],
 *   async run(lab) {
 *     await lab.step('replicas: 3 gives 3 available pods spread over the workers', async () => {
 *       await lab.apply('deployment.yaml');
 *       await lab.expect(lab.deployment('web').available(3), { within: '90s' });
 *       const perNode = lab.pods('app=web').perNode();
 *       lab.check('the pods run on both workers', perNode.size === 2, JSON.stringify(Object.fromEntries(perNode)));
 *     });
 *   },
 * });
 * ```
 * @group Labs
 */
export function defineLab(spec: LabSpec): LabDefinition {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(spec.id)) throw new Error(`lab id "${spec.id}" must be lowercase words joined by dashes`);
  return { ...spec, title: localized(spec.title) };
}
