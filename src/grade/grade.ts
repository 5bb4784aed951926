import { checkSources, type Finding } from '../check/index.js';
import { workloadOf } from '../check/workloads.js';
import { loadCatalog, normalizeRef } from '../cluster/index.js';
import { KindlabError, messageOf } from '../core/errors.js';
import type { Lang } from '../core/i18n.js';
import type { KubeClient } from '../kube/client.js';
import { manifestFiles, readManifestSources, type ManifestSource } from '../kube/intake.js';
import { exerciseLab, type StudentWork } from '../runner/exercise-lab.js';
import type { ExerciseDefinition } from '../runner/exercise.js';
import { StudentObjects } from '../runner/find.js';
import { runLabs, type LabResult, type RunnerSink } from '../runner/index.js';

export const gradeSchema = 'kindlab.grade/v1';

export interface GradeOptions {
  client: KubeClient;
  exercise: ExerciseDefinition;
  lang: Lang;
  /** The student's files or folders; or `namespace`, what they built by hand. */
  files?: string[];
  namespace?: string;
  /** Images the cluster can pull besides those it holds (a cluster that reaches a registry). */
  allowPull?: boolean;
  /** A student's identity: rights stop at `namespace`, where their files are applied (and removed after). */
  confined?: boolean;
  signal?: AbortSignal;
  sink?: RunnerSink;
  /** Where kindlab's own pods (the traffic sampler) run, when not in the lab's namespace: out of the graded student's reach. */
  helperNamespace?: string;
}

/** The report of `kindlab grade` (schema kindlab.grade/v1): fields are only ever added. */
export interface GradeResult {
  schema: typeof gradeSchema;
  ok: boolean;
  exercise: { id: string; title: string; section: string };
  lang: Lang;
  files: string[];
  namespace?: string;
  /** What `kindlab check` found in the files (an error stops the grading before the cluster). */
  findings: Finding[];
  /** Why the files never reached the cluster, if they did not. */
  refused?: { stage: 'check' | 'intake' | 'images'; message: string };
  /** The cluster's verdict: the exercise run as a lab. */
  lab?: LabResult;
  runId?: string;
  startedAt: string;
  durationMs: number;
}

/**
 * Grades a student's work on the real cluster: their files are checked (kindlab check's rules and
 * the API server's dry run: an error stops here), taken in (namespace, scope, size), their images
 * must be on the cluster; then the exercise applies them into a fresh namespace, acts and observes
 * as its lab does, check by check. With `namespace`, what the student built by hand is graded
 * where it is, and nothing is applied.
 */
export async function gradeExercise(o: GradeOptions): Promise<GradeResult> {
  const started = Date.now();
  const base = { schema: gradeSchema, exercise: { id: o.exercise.id, title: o.exercise.title[o.lang], section: o.exercise.section }, lang: o.lang, startedAt: new Date(started).toISOString() } as const;
  const done = (rest: Omit<GradeResult, keyof typeof base | 'durationMs'>): GradeResult => ({ ...base, ...rest, durationMs: Date.now() - started });
  if (!o.files === !o.namespace && !o.confined) throw new KindlabError('BAD_OPTION', 'grade either files (or folders) or a namespace (--namespace NS)', { fix: '`kindlab grade <exercise> my-app/` or `kindlab grade <exercise> --namespace my-namespace`' });

  let files: string[] = [];
  let findings: Finding[] = [];
  let sources: Array<ManifestSource & { text: string }> = [];
  if (o.files) {
    files = manifestFiles(o.files);
    if (files.length === 0) throw new KindlabError('NO_MANIFESTS', `no .yaml, .yml or .json file in ${o.files.join(', ')}`, { fix: 'give the files (or the folder) that hold your manifests' });
    // Read once: the bytes checked are the bytes applied, whatever happens to the files meanwhile.
    try {
      sources = readManifestSources(files);
    } catch (error) {
      return done({ ok: false, files, findings, refused: { stage: 'intake', message: messageOf(error) } });
    }
    // The check's rules are the intake's (namespace, scope): what it passes, the lab takes in.
    const checked = await checkSources(sources, { lang: o.lang, client: o.client, ...(o.confined && o.namespace ? { namespace: o.namespace } : {}) });
    findings = checked.report.findings;
    const errors = findings.filter((f) => f.severity === 'error');
    if (errors.length > 0) return done({ ok: false, files, findings, refused: { stage: 'check', message: errors.map((f) => `${f.origin} ${f.subject}: ${f.message}`).join('\n') } });
    const missing = o.allowPull ? '' : imagesNotOnCluster(checked.manifests.flatMap((m) => workloadOf(m)?.template.containers.map((c) => c.image ?? '') ?? []));
    if (missing) return done({ ok: false, files, findings, refused: { stage: 'images', message: missing } });
  }
  const work: StudentWork = o.files ? { files } : { namespace: o.namespace! };
  const lab = exerciseLab(o.exercise, work, o.lang, (l) => ({
    lang: o.lang,
    objects: new StudentObjects(o.client, l.namespace),
    applyFiles: () => l.applyFiles(sources, files.join(' ')),
  }));
  const run = await runLabs({ client: o.client, labs: [lab], concurrency: 1, ...(o.namespace ? { namespace: o.namespace, confined: Boolean(o.confined) } : {}), ...(o.signal ? { signal: o.signal } : {}), ...(o.sink ? { sink: o.sink } : {}), ...(o.helperNamespace ? { helperNamespace: o.helperNamespace } : {}) });
  const result = run.labs[0]!;
  return done({ ok: result.status === 'passed', files, ...(o.namespace ? { namespace: o.namespace } : {}), findings, lab: result, runId: run.runId });
}

/** The images of the student's pods that this cluster cannot have (it reaches no registry), with those it can. */
function imagesNotOnCluster(images: string[]): string {
  const available = loadCatalog().images.filter((i) => i.scope === 'cluster').map((i) => i.ref);
  const known = new Set(available.map(normalizeRef));
  const missing = [...new Set(images.filter((i) => i && !known.has(normalizeRef(i))))];
  if (missing.length === 0) return '';
  return `image${missing.length > 1 ? 's' : ''} ${missing.join(', ')} cannot be had on this cluster (it reaches no registry); the images it holds: ${available.join(', ')}`;
}
