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
  HttpTarget,
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
  ServiceQueries,
  SinglePodQueries,
  StatefulSet,
  StatefulSetQueries,
  Traffic,
  TrafficOptions,
} from './runner/lab.js';
export { defineExercise } from './runner/exercise.js';
export type { ExerciseDefinition, ExerciseSpec, Grading, StudentFinds } from './runner/exercise.js';
export type { EnvSource, Mount, ServiceInfo, WorkloadInfo } from './runner/find.js';
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
export type { Lang, Localized, Text } from './core/i18n.js';
