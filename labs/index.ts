import type { LabDefinition } from '../src/runner/index.js';
import configAndSecrets from './config-and-secrets.js';
import controlPlane from './control-plane.js';
import horizontalScaling from './horizontal-scaling.js';
import ingress from './ingress.js';
import livenessProbe from './liveness-probe.js';
import persistence from './persistence.js';
import redundancy from './redundancy.js';
import replicas from './replicas.js';
import rollback from './rollback.js';
import rollingUpdate from './rolling-update.js';
import selfHealing from './self-healing.js';
import services from './services.js';
import verticalScaling from './vertical-scaling.js';

/** Every lab, in the order of the course chapter. The CLI hands this list to the runner. */
export const labs: LabDefinition[] = [
  controlPlane,
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
