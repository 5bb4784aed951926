export { connect, isKindNode, isNodeReady, kindlabClusterName, kindlabContext, type ConnectOptions, type KubeClient } from './client.js';
export { applyObjects, fieldManager, type ApplyOptions } from './apply.js';
export { parseManifests, loadManifestFile, ManifestError, type Manifest, type ManifestObject } from './manifests.js';
export { watchResource, keyOf, type WatchEvent, type ResourceWatchOptions } from './watch.js';
export { sendJson, getJson } from './raw.js';
export { execInPod, type ExecResult, type ExecOptions } from './exec.js';
export { KubeApiError, toKubeError, isNotFound, isConflict, isTransient, connectionErrorCode } from './errors.js';
export { reachApi, type ReachOptions } from './reach.js';
