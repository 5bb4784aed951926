import { KindlabError } from '../core/errors.js';
import { redact } from '../core/redact.js';
import { WaitTimeoutError, type Met } from '../core/wait.js';
import type { KubeClient } from '../kube/client.js';
import { diagnoseNamespace, formatDiagnosis } from '../observe/diagnose.js';
import type { Timeline } from '../observe/timeline.js';
import type { Action } from './lab.js';
import type { CheckResult, Measurement, RunnerSink, StepResult } from './results.js';

export interface FailureOptions {
  /** Label selector of the pods involved, to focus the diagnosis. */
  selector?: string | undefined;
  hint?: string | undefined;
}

/** A check failed: the step and the lab stop here (the result says why). */
export class CheckFailedError extends KindlabError {
  constructor(readonly check: CheckResult) {
    super('CHECK_FAILED', `${check.name}: ${check.message ?? 'failed'}`);
  }
}

export interface RecorderOptions {
  lab: string;
  client: KubeClient;
  namespace: string;
  timeline: Timeline;
  sink: RunnerSink;
}

/**
 * What a lab did and found, as its report will say it: steps, checks (a failed one carries the
 * diagnosis), figures, notes and actions in the timeline. Secret values never get through.
 */
export class Recorder {
  readonly steps: StepResult[] = [];
  readonly measurements: Measurement[] = [];
  /** Values never to print: the data of Secrets this lab applied. */
  readonly secrets: string[] = [];
  private currentStep: StepResult | undefined;

  constructor(private readonly o: RecorderOptions) {}

  redact = (text: string): string => redact(text, this.secrets);

  async step<T>(title: string, body: () => Promise<T>): Promise<T> {
    const step: StepResult = { title, status: 'passed', durationMs: 0, checks: [] };
    const started = Date.now();
    this.steps.push(step);
    this.currentStep = step;
    this.o.sink({ type: 'step-start', at: started, lab: this.o.lab, step: title });
    this.o.timeline.record({ kind: 'note', at: started, text: `step: ${title}` });
    try {
      return await body();
    } catch (error) {
      step.status = 'failed';
      throw error;
    } finally {
      step.durationMs = Date.now() - started;
      this.currentStep = undefined;
      this.o.sink({ type: 'step-end', at: Date.now(), lab: this.o.lab, step });
    }
  }

  /**
   * The one way a lab waits: `wait` (a watch, a probe loop, traffic) either meets its condition, a
   * passed check with its time, or passes its deadline, a failed check with the last thing seen
   * and the namespace's diagnosis. Ctrl-C and the lab's deadline go through untouched.
   */
  async awaitCheck<V>(name: string, deadlineMs: number, wait: () => Promise<Met<V>>, options: FailureOptions = {}): Promise<Met<V>> {
    try {
      const met = await wait();
      this.record({ name, status: 'passed', durationMs: met.elapsedMs, deadlineMs, metAt: new Date(met.metAt).toISOString() });
      return met;
    } catch (error) {
      if (!(error instanceof WaitTimeoutError)) throw error;
      return this.fail(name, `not met within ${deadlineMs / 1000}s; last seen: ${error.lastMismatch}`, { ...options, deadlineMs });
    }
  }

  /** A check that failed: recorded with the namespace's diagnosis (and the hint, for exercises). */
  async fail(name: string, message: string, options: FailureOptions & { deadlineMs?: number } = {}): Promise<never> {
    const diagnosis = await diagnoseNamespace(this.o.client, this.o.namespace, { redact: this.secrets, ...(options.selector ? { labelSelector: options.selector } : {}) });
    const deadlineMs = options.deadlineMs ?? 0;
    const check: CheckResult = { name, status: 'failed', durationMs: deadlineMs, deadlineMs, message: this.redact(message), ...(options.hint ? { hint: options.hint } : {}), diagnosis };
    this.record(check);
    this.o.timeline.record({ kind: 'note', at: Date.now(), text: `diagnosis:\n${formatDiagnosis(diagnosis)}` });
    throw new CheckFailedError(check);
  }

  check(name: string, ok: boolean, detail?: string, hint?: string): void {
    const check: CheckResult = { name, status: ok ? 'passed' : 'failed', durationMs: 0, deadlineMs: 0, ...(detail ? { message: this.redact(detail) } : {}), ...(!ok && hint ? { hint } : {}) };
    this.record(check);
    if (!ok) throw new CheckFailedError(check);
  }

  measure(name: string, value: number, unit: string, description?: string, details?: unknown): void {
    const m: Measurement = { name, value: Math.round(value * 1000) / 1000, unit, ...(description ? { description } : {}), ...(details === undefined ? {} : { details }) };
    this.measurements.push(m);
    this.o.timeline.record({ kind: 'measure', at: Date.now(), name, value: m.value, unit });
    this.o.sink({ type: 'measure', at: Date.now(), lab: this.o.lab, measurement: m });
  }

  note(text: string): void {
    this.o.timeline.record({ kind: 'note', at: Date.now(), text: this.redact(text) });
    this.o.sink({ type: 'note', at: Date.now(), lab: this.o.lab, text: this.redact(text) });
  }

  /**
   * Records an action in the timeline. `at` is when its request was sent for API changes (the
   * server applies them before answering, so a watch event can never come before it), or when it
   * completed for the slow ones (a killed process, a stopped node).
   */
  action<T = void>(what: string, at = Date.now(), value?: T): Action<T> {
    this.o.timeline.record({ kind: 'action', at, what: this.redact(what) });
    return { at, value: value as T };
  }

  private record(check: CheckResult): void {
    if (!this.currentStep) throw new KindlabError('LAB_INVALID', `lab ${this.o.lab}: check "${check.name}" outside of a step`);
    this.currentStep.checks.push(check);
    this.o.timeline.record({ kind: 'check', at: Date.now(), name: check.name, passed: check.status === 'passed', detail: check.message ?? '', durationMs: check.durationMs, deadlineMs: check.deadlineMs });
    this.o.sink({ type: 'check', at: Date.now(), lab: this.o.lab, step: this.currentStep.title, check });
  }
}
