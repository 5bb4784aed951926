import type { Duration } from '../core/duration.js';
import { localized, type Lang, type Localized, type Text } from '../core/i18n.js';
import type { ServiceInfo, Workload, WorkloadInfo } from './find.js';
import type { Action, Lab, LabNeed } from './lab.js';
import type { V1Ingress, V1PersistentVolumeClaim, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';

/**
 * An exercise: what the student must write (a statement, in French and English), and how the
 * cluster's behaviour is graded. It runs as a lab whose manifests come from the student: same
 * engine, same report, same diagnosis, same cleanup. What {@link defineExercise} returns.
 *
 * @group Exercises
 */
export interface ExerciseDefinition {
  /** Its name on the command line (`kindlab grade <id> <folder>`): lowercase words joined by dashes. */
  id: string;
  /** Shown in lists and reports, in French and English. */
  title: Text;
  /** The course section it practises. */
  section: string;
  /** The lab whose guide explains the concepts (guides/<guide>.<lang>.md), named in hints. */
  guide: string;
  /** Where the course keeps its guides, from its root (set when the course is loaded; default guides). */
  guidesDir?: string;
  /** What to write, what will be done to it, what counts as passing (never the solution): shown by `kindlab exercise <id>`. */
  statement: Text;
  /** Expected duration on a warm cluster, e.g. "60s"; three times it (3 min at least) is its timeout. */
  duration: Duration;
  /** What it needs beyond the basics, checked before grading starts (see {@link LabNeed}). */
  needs: LabNeed[];
  /** Grades alone on the whole cluster because it disturbs it (stops nodes, loads CPUs). */
  exclusive?: boolean;
  /** It changes the cluster beyond the namespace (labels a node, stops one): not for students' rights. */
  clusterWide?: boolean;
  /** The grading itself, written against {@link Grading}: the lab API plus the student's files, objects and language. */
  grade(g: Grading): Promise<void>;
}

/**
 * An exercise as its author writes it: title and statement in one language or two.
 *
 * @group Exercises
 */
export type ExerciseSpec = Omit<ExerciseDefinition, 'title' | 'statement'> & { title: Localized; statement: Localized };

/**
 * An exercise of a course: the default export of its `exercises/<id>/exercise.ts`. It checks the id
 * (lowercase words joined by dashes) and gives one-language texts to both languages.
 *
 * @example
 * ```ts
 * import { defineExercise } from 'kindlab';
 *
 * export default defineExercise({
 *   id: 'three-replicas',
 *   title: { fr: 'Trois réplicas', en: 'Three replicas' },
 *   section: 'Pods et ReplicaSets',
 *   guide: 'replicas',
 *   duration: '60s',
 *   needs: [],
 *   statement: {
 *     fr: 'Écrivez un Deployment de `docker.io/kindlab/demo:1.0.0` avec **3 réplicas**…',
 *     en: 'Write a Deployment of `docker.io/kindlab/demo:1.0.0` with **3 replicas**…',
 *   },
 *   async grade(g) {
 *     await g.step(g.t({ en: 'Your manifests run 3 pods', fr: 'Vos manifests font tourner 3 pods' }), async () => {
 *       await g.applyStudentFiles();
 *       const app = await g.find.deployment();
 *       await g.expect(g.pods(app.podSelector).ready(3), {
 *         within: '90s',
 *         hint: g.hint({ en: 'replicas: 3 asks the ReplicaSet for three pods', fr: 'replicas: 3 demande trois pods au ReplicaSet' }),
 *       });
 *     });
 *   },
 * });
 * ```
 * @group Exercises
 */
export function defineExercise(spec: ExerciseSpec): ExerciseDefinition {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(spec.id)) throw new Error(`exercise id "${spec.id}" must be lowercase words joined by dashes`);
  return { ...spec, title: localized(spec.title), statement: localized(spec.statement) };
}

/**
 * The lab API, plus what grading a student's work needs: their files, their objects (found by what
 * they are, not by name), words in their language and hints that point to the guide.
 *
 * @group Exercises
 */
export interface Grading extends Lab {
  /**
   * The student's language (`--lang`, else their locale), for what {@link Grading.t} does not cover.
   *
   * @example
   * ```ts
   * const endpoints = await g.service('web').endpoints();
   * const none = g.lang === 'fr' ? 'aucun' : 'none';
   * g.note(`${g.t({ en: 'endpoints', fr: 'points de terminaison' })}: ${endpoints.join(', ') || none}`);
   * ```
   */
  readonly lang: Lang;
  /**
   * `text` in the student's language (a plain string is the same in both): for step and check names.
   *
   * @example
   * ```ts
   * await g.step(g.t({ en: 'Three pods behind a Service', fr: 'Trois pods derrière un Service' }), async () => {
   *   await g.applyStudentFiles();
   * });
   * ```
   */
  t(text: Localized): string;
  /**
   * A hint for a failed check, in the student's language: the concept, and where the course's guide
   * explains it (the guide's path is added). Never the fix spelled out.
   *
   * @example
   * ```ts
   * const service = await g.find.serviceFor(await g.find.deployment());
   * g.check(g.t({ en: 'the Service listens on port 80', fr: 'le Service écoute sur le port 80' }), service.port === 80, `port ${service.port}`, g.hint({
   *   en: 'port is where the Service listens; targetPort is where the container listens (8080)',
   *   fr: 'port est là où le Service écoute ; targetPort là où le conteneur écoute (8080)',
   * }));
   * ```
   */
  hint(text: Localized): string;
  /**
   * Applies the student's files (nothing when grading what they built by hand in their namespace):
   * the first thing a grade does.
   *
   * @example
   * ```ts
   * await g.applyStudentFiles();
   * const app = await g.find.deployment();
   * await g.expect(g.deployment(app.name).rolledOut(), { within: '90s' });
   * ```
   */
  applyStudentFiles(): Promise<Action>;
  /**
   * The student's objects, found by what they are; each is a check (failed: what was found instead).
   *
   * @example
   * ```ts
   * const app = await g.find.deployment();
   * const service = await g.find.serviceFor(app);
   * const traffic = g.traffic({ service: service.name, rate: 50 });
   * ```
   */
  readonly find: StudentFinds;
}

/**
 * A student's objects found by what they are rather than by name, as a grader needs them: the
 * Deployment, the Service that selects its pods, the claim it mounts, the HPA that targets it, the
 * Ingress in front of the Service. Each find is a check: anything but exactly one fails it, naming
 * what was found instead, with a hint. kindlab's own objects are never candidates.
 *
 * @group Exercises
 */
export interface StudentFinds {
  /**
   * The one Deployment of the student's objects.
   *
   * @example
   * ```ts
   * const app = await g.find.deployment();
   * g.check(g.t({ en: 'the Deployment asks for 3 replicas', fr: 'le Deployment demande 3 réplicas' }), app.replicas === 3, `replicas: ${app.replicas}`);
   * ```
   */
  deployment(): Promise<WorkloadInfo>;
  /**
   * The one controller that keeps the student's pods running, of whatever kind the statement
   * leaves open: a Deployment, a ReplicaSet of its own, a StatefulSet (found by what it is, its
   * kind in `kind`).
   *
   * @example
   * ```ts
   * const app = await g.find.workload();
   * g.check(g.t({ en: `the ${app.kind} asks for 3 replicas`, fr: `le ${app.kind} demande 3 réplicas` }), app.replicas === 3, `replicas: ${app.replicas}`);
   * ```
   */
  workload(): Promise<WorkloadInfo<Workload>>;
  /**
   * The one Service whose selector matches the Deployment's pod labels.
   *
   * @example
   * ```ts
   * const app = await g.find.deployment();
   * const service = await g.find.serviceFor(app);
   * await g.expect(g.service(service.name).readyEndpoints(3), { within: '60s' });
   * ```
   */
  serviceFor(w: WorkloadInfo): Promise<ServiceInfo>;
  /**
   * The one PersistentVolumeClaim the Deployment mounts.
   *
   * @example
   * ```ts
   * const claim = await g.find.claimOf(await g.find.deployment());
   * await g.expect(g.claim(claim.metadata!.name!).bound(), { within: '60s' });
   * ```
   */
  claimOf(w: WorkloadInfo): Promise<V1PersistentVolumeClaim>;
  /**
   * The one HorizontalPodAutoscaler whose scaleTargetRef is the Deployment.
   *
   * @example
   * ```ts
   * const hpa = await g.find.autoscalerOf(await g.find.deployment());
   * const cpu = await g.expect(g.autoscaler(hpa.metadata!.name!).readsCpu(), { within: '120s' });
   * g.note(`CPU use at rest: ${cpu.value}% of the request`);
   * ```
   */
  autoscalerOf(w: WorkloadInfo): Promise<V2HorizontalPodAutoscaler>;
  /**
   * The one Ingress with a rule (or default backend) to the Service.
   *
   * @example
   * ```ts
   * const service = await g.find.serviceFor(await g.find.deployment());
   * const ingress = await g.find.ingressTo(service);
   * const host = ingress.spec?.rules?.find((r) => r.host)?.host ?? '';
   * const answer = await g.http({ port: g.ingressPort, host, path: '/' });
   * ```
   */
  ingressTo(s: ServiceInfo): Promise<V1Ingress>;
}
