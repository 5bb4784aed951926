import type { Expectation } from './expect/expectation.js';
import type { Job, KubeObject, Pod, StatefulSet } from './lab-types.js';

/**
 * An object of any kind, by name ({@link Lab.object}): a lazy query, looked up again on every use
 * (the lab's watch of that kind, started on first use), with one way to wait on any of its fields.
 * Each wait is an {@link Expectation} for {@link Lab.expect}: on timeout, its check says what the
 * field last was. A matcher of your own is a function that returns one of these:
 *
 * ```ts
 * const hasImage = (q: ObjectQuery, image: string) => q.has('spec.template.spec.containers[0].image', image);
 * ```
 *
 * @group What a lab observes
 */
export interface ObjectQuery<T extends KubeObject = KubeObject> {
  /**
   * The object now, as the lab's watch last saw it (undefined if there is none).
   *
   * @example
   * ```ts
   * const settings = await lab.object<ConfigMap>('ConfigMap', 'settings').get();
   * lab.check('the ConfigMap holds settings.conf', Boolean(settings?.data?.['settings.conf']), Object.keys(settings?.data ?? {}).join(', '));
   * ```
   */
  get(): Promise<T | undefined>;
  /**
   * Any condition on the object: `test` returns true, false (not yet: its status is what the check
   * last saw), or why not yet, in words; `what` names the check.
   *
   * @example
   * ```ts
   * const quorum = lab.object('StatefulSet', 'db').where('two of the three replicas Ready', (s) => (s.status?.readyReplicas ?? 0) >= 2 || `${s.status?.readyReplicas ?? 0} Ready`);
   * await lab.expect(quorum, { within: '2m' });
   * ```
   */
  where(what: string, test: (object: T) => boolean | string): Expectation<T>;
  /**
   * A field, by its path, equals `value` (compared deeply), or passes `test`: on timeout, the
   * check says what the field last was (`status.succeeded is 0`).
   *
   * @example
   * ```ts
   * await lab.setConfigMapData('settings', 'mode', 'b');
   * await lab.expect(lab.object('ConfigMap', 'settings').has('data.mode', 'b'), { within: '10s' });
   * await lab.expect(lab.object('Job', 'pi').has('status.succeeded', (n: number | undefined) => (n ?? 0) >= 1), { within: '2m' });
   * ```
   */
  has(path: string, value: unknown): Expectation<T>;
  /**
   * One of its status conditions (`True` by default), with a reason if given.
   *
   * @example
   * ```ts
   * await lab.expect(lab.object('Deployment', 'demo').condition('Available'), { within: '90s' });
   * ```
   */
  condition(type: string, status?: string, reason?: string): Expectation<T>;
  /**
   * It is no longer in the API (deleted, its finalizers done).
   *
   * @example
   * ```ts
   * await lab.expect(lab.object('PersistentVolumeClaim', 'data').gone(), { within: '60s' });
   * ```
   */
  gone(): Expectation<void>;
}

/**
 * A Job by name ({@link Lab.job}): whether it completed or gave up, and how many of its pods failed
 * on the way; with everything an {@link ObjectQuery} asks.
 *
 * @group What a lab observes
 */
export interface JobQueries extends ObjectQuery<Job> {
  /**
   * It completed (condition Complete): every completion it asks for succeeded.
   *
   * @example
   * ```ts
   * const applied = await lab.apply('job.yaml');
   * const done = await lab.expect(lab.job('pi').complete(), { within: '2m' });
   * lab.measure('job_duration', done.metAt - applied.at, 'ms', 'Job created → Complete');
   * ```
   */
  complete(): Expectation<Job>;
  /**
   * It gave up (condition Failed), for this reason if given: BackoffLimitExceeded once its pods
   * failed `backoffLimit + 1` times, DeadlineExceeded past `activeDeadlineSeconds`.
   *
   * @example
   * ```ts
   * const failed = await lab.expect(lab.job('flaky').failed('BackoffLimitExceeded'), { within: '3m' });
   * lab.note(`gave up after ${failed.value.status?.failed} failed pods`);
   * ```
   */
  failed(reason?: string): Expectation<Job>;
  /**
   * At least `count` of its pods failed: the retries it made (`status.failed`).
   *
   * @example
   * ```ts
   * await lab.expect(lab.job('flaky').failures(2), { within: '2m', what: 'the Job retried its failed pod twice' });
   * ```
   */
  failures(count: number): Expectation<Job>;
}

/**
 * A StatefulSet by name ({@link Lab.statefulSet}): its pods' order and stable names; with
 * everything an {@link ObjectQuery} asks.
 *
 * @group What a lab observes
 */
export interface StatefulSetQueries extends ObjectQuery<StatefulSet> {
  /**
   * Its pods `<name>-0` … `<name>-<replicas-1>` are all Ready, and each was created only once the
   * one before it was Ready (podManagementPolicy OrderedReady); the value is the pods, in order.
   *
   * @example
   * ```ts
   * await lab.apply('statefulset.yaml');
   * const started = await lab.expect(lab.statefulSet('db').readyInOrder(3), { within: '2m' });
   * lab.check('the pods are db-0, db-1, db-2', started.value.map((p) => p.metadata?.name).join() === 'db-0,db-1,db-2');
   * ```
   */
  readyInOrder(replicas: number): Expectation<Pod[]>;
}
