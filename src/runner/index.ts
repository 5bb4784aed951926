export { defineLab, type Lab, type LabDefinition, type LabNeed, type Traffic, type TrafficOptions, type Action, type NodeInfo, type ReplicaSetInfo } from './lab.js';
export { runLabs, uniqueLabs, type RunOptions } from './run.js';
export { resultSchema, type RunResult, type LabResult, type StepResult, type CheckResult, type Measurement, type RunnerEvent, type RunnerSink } from './results.js';
export type { Expectation } from './expect/expectation.js';
export type { PodMilestones } from './history.js';
export type { Met } from '../core/wait.js';
export { failedRequests } from '../observe/sampler.js';
