import { isDeepStrictEqual } from 'node:util';
import type { KubernetesObject } from '@kubernetes/client-node';
import { statusState } from '../../observe/conditions.js';
import { met, named, notYet, type Expectation } from './expectation.js';

/** A field of an object by its path: `status.succeeded`, `spec.template.spec.containers[0].image`. */
export function fieldAt(object: unknown, path: string): unknown {
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);
}

/** A value as a "last seen" says it: JSON, cut short. */
export function shown(value: unknown): string {
  const text = value === undefined ? 'unset' : JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/**
 * The one expectation on an object of any kind: `test` says true, or why not yet (false: not yet,
 * and the object's status is what was last seen). Every other object expectation is this one.
 */
export function objectWhere<T extends KubernetesObject>(kind: string, name: string, what: string, test: (object: T) => boolean | string): Expectation<T> {
  return {
    resource: { kind },
    what,
    evaluate: (objects) => {
      const object = named<T>(objects, name);
      if (!object) return notYet(`${kind} ${name} not found`);
      const verdict = test(object);
      return verdict === true ? met(object) : notYet(verdict === false ? `status: ${statusState(object) || 'none yet'}` : verdict);
    },
  };
}

/** A field equals `expected` (deeply), or passes it when it is a test. */
export function objectHas<T extends KubernetesObject>(kind: string, name: string, path: string, expected: unknown): Expectation<T> {
  const passes = typeof expected === 'function' ? (expected as (value: unknown) => boolean) : (value: unknown) => isDeepStrictEqual(value, expected);
  const wanted = typeof expected === 'function' ? 'as expected' : `= ${shown(expected)}`;
  return objectWhere<T>(kind, name, `${kind} ${name}: ${path} ${wanted}`, (object) => {
    const value = fieldAt(object, path);
    return passes(value) ? true : `${path} is ${shown(value)}`;
  });
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export const conditionOf = (object: KubernetesObject, type: string): Condition | undefined =>
  ((object as { status?: { conditions?: Condition[] } }).status?.conditions ?? []).find((c) => c.type === type);

/** One of its status conditions, with a reason if given (Complete, Available, Ready…). */
export function objectCondition<T extends KubernetesObject>(kind: string, name: string, type: string, status = 'True', reason?: string): Expectation<T> {
  return objectWhere<T>(kind, name, `${kind} ${name}: condition ${type}=${status}${reason ? ` (${reason})` : ''}`, (object) => {
    const c = conditionOf(object, type);
    if (!c) return `no ${type} condition (status: ${statusState(object) || 'none yet'})`;
    return c.status === status && (!reason || c.reason === reason) ? true : `${type}=${c.status}${c.reason ? ` (${c.reason}${c.message ? `: ${c.message}` : ''})` : ''}`;
  });
}

export function objectGone(kind: string, name: string): Expectation<void> {
  return { resource: { kind }, what: `${kind} ${name} gone`, evaluate: (objects) => (named(objects, name) ? notYet(`${kind} ${name} still exists`) : met(undefined)) };
}
