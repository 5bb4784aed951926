export { runDoctor, type CheckResult } from './checks.js';
