import type { ExerciseDefinition } from '../src/runner/exercise.js';
import configAndSecrets from './config-and-secrets/exercise.js';
import horizontalScaling from './horizontal-scaling/exercise.js';
import ingress from './ingress/exercise.js';
import livenessProbe from './liveness-probe/exercise.js';
import persistence from './persistence/exercise.js';
import redundancy from './redundancy/exercise.js';
import replicas from './replicas/exercise.js';
import rollback from './rollback/exercise.js';
import rollingUpdate from './rolling-update/exercise.js';
import scheduling from './scheduling/exercise.js';
import selfHealing from './self-healing/exercise.js';
import services from './services/exercise.js';
import verticalScaling from './vertical-scaling/exercise.js';

/** Every exercise, in the order of the course chapter (the same sections as the labs). */
export const exercises: ExerciseDefinition[] = [
  scheduling,
  selfHealing,
  replicas,
  livenessProbe,
  services,
  ingress,
  configAndSecrets,
  horizontalScaling,
  verticalScaling,
  redundancy,
  rollingUpdate,
  rollback,
  persistence,
];
