import type { KubernetesObject } from '@kubernetes/client-node';
import type { Verdict } from '../../observe/informer.js';
import type { ResourceName } from '../../observe/observer.js';

export { met, notYet, type Verdict } from '../../observe/informer.js';

/** What an expectation is evaluated on: one of the lab's usual watches, or any kind by its name (`{ kind: 'jobs.batch' }`). */
export type Watched = ResourceName | { kind: string };

/**
 * Something a lab waits for, as the queries make it (or {@link Lab.podsWhere}): a condition over one
 * watched resource of its namespace, whose value {@link Lab.expect} hands back once it holds.
 *
 * @example
 * ```ts
 * const gone = lab.pod('placed').gone();
 * lab.note(`waiting until ${gone.what}`);
 * await lab.expect(gone, { within: '60s' });
 * ```
 * @group Results and options
 */
export interface Expectation<V> {
  /**
   * The watched resource it is evaluated on.
   *
   * @internal
   */
  resource: Watched;
  /** What is awaited, in words (the check's name unless the lab gives one). */
  what: string;
  /** Label selector of the pods involved, to focus the diagnosis on a timeout. */
  selector?: string;
  /**
   * Met, with the value handed back (computed from the very objects that met it), or why not yet.
   *
   * @internal
   */
  evaluate(objects: KubernetesObject[]): Verdict<V>;
}

export const named = <T extends KubernetesObject>(objects: KubernetesObject[], name: string) => objects.find((o) => o.metadata?.name === name) as T | undefined;
