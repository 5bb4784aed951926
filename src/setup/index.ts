export { up, type UpOptions, type UpResult, type ClusterAction } from './up.js';
export { down, type DownResult } from './down.js';
export { type ImageMode } from './images.js';
