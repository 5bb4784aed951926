export { ImageBuilder, type BuildOptions, type ImageOutcome, type ImageResult } from './build.js';
export { loadCatalog, parseCatalog, imageByRole, binaryOutputs, catalogPath } from './catalog.js';
export type { Catalog, ImageSpec, ImageScope, BinaryRecipe, GoRecipe, RootfsRecipe, NodeSpec } from './catalog.js';
export { fingerprintLabel } from './image-build.js';
