export { defineLab, type Lab, type LabDefinition, type LabNeed, type Traffic, type TrafficOptions, type Action } from './lab.js';
export { runLabs, type RunOptions } from './run.js';
export { resultSchema, type RunResult, type LabResult, type StepResult, type CheckResult, type Measurement, type RunnerEvent, type RunnerSink } from './results.js';
export type { Expectation, Met, PodMilestones } from './expectations.js';
