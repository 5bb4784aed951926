import type { TimelineEntry } from '../observe/timeline.js';
import type { Diagnosis } from '../observe/diagnose.js';

/**
 * The stable result schema of `kindlab run --json` (schema "kindlab.run/v1"): labs, then their
 * steps and checks with status and duration, the figures they measured, and a diagnosis for
 * anything that failed. Fields are only ever added.
 */
export const resultSchema = 'kindlab.run/v1';

export type CheckStatus = 'passed' | 'failed';
export type StepStatus = 'passed' | 'failed' | 'skipped';
export type LabStatus = 'passed' | 'failed' | 'error' | 'timeout' | 'interrupted';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  /** From the start of the wait until the event that satisfied it (or the deadline). */
  durationMs: number;
  deadlineMs: number;
  /** When the condition became true, from the watch event (ISO time). */
  metAt?: string;
  message?: string;
  /** For a failed check of an exercise: the concept at stake and where the course explains it. */
  hint?: string;
  diagnosis?: Diagnosis;
}

export interface StepResult {
  title: string;
  status: StepStatus;
  durationMs: number;
  checks: CheckResult[];
}

export interface Measurement {
  name: string;
  value: number;
  unit: string;
  description?: string;
  /** Structured detail (e.g. downtime windows, per-pod counts). */
  details?: unknown;
}

export interface LabResult {
  id: string;
  title: { fr: string; en: string };
  section: string;
  status: LabStatus;
  namespace: string;
  startedAt: string;
  durationMs: number;
  steps: StepResult[];
  measurements: Measurement[];
  error?: { message: string; diagnosis?: Diagnosis };
  watches: { opened: number; resumed: number };
  timeline: string[];
  /** The same, as data (what the HTML report draws): actions, objects' states, traffic per second, checks. */
  events?: TimelineEntry[];
}

export interface RunResult {
  schema: typeof resultSchema;
  ok: boolean;
  startedAt: string;
  durationMs: number;
  context: string;
  /** This run's id: its namespaces are kindlab-<lab>-<runId>. */
  runId: string;
  concurrency: number;
  labs: LabResult[];
}

/** What the runner tells reporters as a run progresses. */
export type RunnerEvent =
  | { type: 'run-note'; at: number; text: string }
  | { type: 'run-start'; at: number; labs: string[]; concurrency: number }
  | { type: 'lab-start'; at: number; lab: string; title: string; namespace: string }
  | { type: 'step-start'; at: number; lab: string; step: string }
  | { type: 'check'; at: number; lab: string; step: string; check: CheckResult }
  | { type: 'measure'; at: number; lab: string; measurement: Measurement }
  | { type: 'note'; at: number; lab: string; text: string }
  | { type: 'step-end'; at: number; lab: string; step: StepResult }
  | { type: 'lab-end'; at: number; lab: LabResult }
  | { type: 'run-end'; at: number; result: RunResult };

export type RunnerSink = (event: RunnerEvent) => void;
