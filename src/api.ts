/**
 * kindlab's public API: what a course's labs and exercises may import from `kindlab`. Everything
 * else in the package is internal and may change.
 *
 * A lab (`labs/<id>.ts`, its manifests in `manifests/<id>/`) applies manifests, acts on the cluster,
 * expects what the cluster does within a deadline and measures it: see {@link defineLab} and
 * {@link Lab}. An exercise (`exercises/<id>/exercise.ts`) does the same to a student's manifests and
 * grades them: see {@link defineExercise} and {@link Grading}. Every verb has an example taken from
 * the course's own labs and exercises, and the unit tests type-check each one.
 *
 * This page is generated from the doc comments in `src/` by `npm run docs`: edit those, not the page.
 *
 * ## Waiting on any object
 *
 * A query ({@link Lab.pods}, {@link Lab.deployment}, {@link Lab.object}…) is lazy: it reads the
 * lab's watch each time it is used. Its waits are {@link Expectation}s, all awaited one way,
 * {@link Lab.expect} with a deadline; past it the check fails with what it last saw, and a diagnosis
 * of the namespace. For a kind no query names, `lab.object(kind, name)` reads any field and waits
 * on any of them (`.has('status.succeeded', 1)`, `.where(what, test)`, `.condition('Ready')`); `lab.job`
 * and `lab.statefulSet` add what those kinds are about. A matcher of your own is a function that
 * returns one of these expectations. Kubernetes objects come typed: {@link Pod}, {@link Job},
 * {@link StatefulSet}, {@link KubeObject} for any kind.
 *
 * ## Manifests and their `${VARIABLES}`
 *
 * {@link Lab.apply} reads `manifests/<lab id>/<file>` (or the folder its `manifests` names), fills
 * each `${NAME}` (capitals, digits and `_`) from its `vars`, plus `${NAMESPACE}` (the lab's
 * namespace) and `${NODE_PORT}` (its NodePort), then server-side applies every object. A placeholder
 * with no value stops the lab with one message naming the file and the values it knows: nothing
 * half-filled reaches the cluster. There are no expressions, defaults or escapes; `$NAME` and
 * `${lowercase}` are left as written, so a shell command in a manifest keeps its own variables.
 * Values go in as text: quote the placeholder where YAML would read a number or a boolean
 * (`GREETING: "${GREETING}"`). Every namespaced object goes into the lab's namespace (another
 * `metadata.namespace` is refused), and a cluster-scoped kind only if the lab declares it in
 * `clusterScoped`. A student's files ({@link Lab.applyFiles}) follow the same rules, with no variables.
 *
 * ## Images a lab may use
 *
 * Every cluster `kindlab up` makes has kindlab's images on its nodes, online or not:
 * `docker.io/kindlab/demo:1.0.0` and `:2.0.0` (an HTTP app on 8080 that answers its pod's name and
 * version, with `/readyz` and `/healthz` that fail on demand, `/burn` for CPU, `/allocate` for
 * memory, `STARTUP_DELAY` and `ALLOCATE_MB` in its env) and `docker.io/library/busybox:1.35.0`
 * (sh, wget, cat, sleep). Any other image goes in the course's `kindlab.yaml`, pinned:
 * `images: [docker.io/library/nginx:1.27.4]`. `kindlab up` then finds it in Docker or pulls it where
 * a registry answers, and loads it into every node, so pods never pull it (keep the default
 * `imagePullPolicy` of a pinned tag, IfNotPresent). For a classroom without a registry, `docker pull`
 * it once where one answers and carry it with kindlab's: `kindlab images export FILE` takes the
 * course's images too, `kindlab images import FILE` on each machine. `kindlab doctor` names any
 * image a node lacks.
 *
 * @example
 * ```ts
 * import { defineLab } from 'kindlab';
 *
 * export default defineLab({
 *   id: 'self-healing',
 *   title: { fr: 'Auto-réparation : des pods éphémères que Kubernetes relance', en: 'Self-healing: ephemeral pods that Kubernetes brings back' },
 *   section: 'Pods et ReplicaSets (les pods sont éphémères)',
 *   duration: '60s',
 *   needs: [],
 *   async run(lab) {
 *     await lab.step('Deploy 3 replicas of the demo app', async () => {
 *       await lab.apply('deployment.yaml');
 *       await lab.expect(lab.deployment('demo').available(3), { within: '90s' });
 *     });
 *
 *     await lab.step('Delete a pod: the ReplicaSet creates a replacement', async () => {
 *       const before = lab.pods('app=demo').readyNames();
 *       const deleted = await lab.deletePod(before[0]!);
 *       const replaced = await lab.expect(lab.pods('app=demo').replaced(before[0]!, before, 3), { within: '90s' });
 *       lab.measure('delete_to_ready', replaced.metAt - deleted.at, 'ms', 'pod deleted → replacement Ready');
 *     });
 *   },
 * });
 * ```
 * @packageDocumentation
 */
export { defineLab } from './runner/lab.js';
export type {
  Action,
  ConfigMap,
  ControlPlaneComponent,
  Deployment,
  DeploymentQueries,
  ExpectOptions,
  HorizontalPodAutoscaler,
  HttpTarget,
  Ingress,
  Job,
  JobQueries,
  KubeObject,
  Lab,
  LabDefinition,
  LabNeed,
  LabSpec,
  NodeInfo,
  ObjectQuery,
  PersistentVolumeClaim,
  Pod,
  PodQueries,
  ReplicaSetInfo,
  Service,
  ServiceQueries,
  SinglePodQueries,
  StatefulSet,
  StatefulSetQueries,
  Traffic,
  TrafficOptions,
} from './runner/lab.js';
export { defineExercise } from './runner/exercise.js';
export type { ExerciseDefinition, ExerciseSpec, Grading, StudentFinds } from './runner/exercise.js';
export type { EnvSource, Mount, ServiceInfo, Workload, WorkloadInfo } from './runner/find.js';
export type { Expectation } from './runner/expect/expectation.js';
export type { PodMilestones, ReplicaPoint } from './runner/history.js';
export { digestIn, fileDigest, holdMemory, sha256, writeRandomFile } from './runner/in-pod.js';
export { failedRequests } from './observe/sampler.js';
export type { DowntimeWindow, TrafficReport } from './observe/sampler.js';
export type { HttpAnswer } from './observe/http.js';
export type { ExecResult } from './kube/exec.js';
export type { ManifestSource } from './kube/intake.js';
export type { Met } from './core/wait.js';
export type { Duration } from './core/duration.js';
export { memoryMiOf } from './core/quantity.js';
export type { Lang, Localized, Text } from './core/i18n.js';
