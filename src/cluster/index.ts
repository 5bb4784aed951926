export { dockerInfo, inspectImage, tryPull, DockerUnavailableError, type DockerInfo, type ImageInfo } from './docker.js';
export { ensureKind, findKind, Kind, type KindBinary } from './kind.js';
export { nodeContainers, startNodes, stopNode, imagesInNode, imageGaps, kindClusterOnHostPort, normalizeRef, type NodeContainer, type NodeImageGaps } from './nodes.js';
export * from './images/index.js';
export { flowSecondsLeft, untranslatedFlows, untranslatedFlowsOnNode } from './conntrack.js';
export { queueSupportOnNode, type QueueSupport } from './kernel.js';
