import type { LabDefinition } from '../src/runner/index.js';
import persistence from './persistence.js';
import rollingUpdate from './rolling-update.js';
import selfHealing from './self-healing.js';

/** Every lab, in the course's order. The CLI hands this list to the runner. */
export const labs: LabDefinition[] = [selfHealing, rollingUpdate, persistence];
