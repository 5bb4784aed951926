export { ImageBuilder, type BuildOptions, type ImageOutcome, type ImageResult } from './build.js';
export { loadCatalog, parseCatalog, imageByRole, binaryOutputs, catalogPath } from './catalog.js';
export type { Catalog, ImageSpec, ImageScope, BinaryRecipe, GoRecipe, RootfsRecipe, NodeSpec } from './catalog.js';
export { fingerprintLabel } from './image-build.js';
export { bakeIntoNodeImage, bakedLabel, type BakeResult } from './bake.js';
export { exportImages, megabytes, type ArchiveResult, type ExportOptions } from './archive.js';
export { importImages, readArchiveIndex, type ImportOptions, type ImportResult } from './archive-import.js';
export { archiveFormat, archiveSelection, type ArchiveIndex, type ArchivedImage, type ArchiveTarget } from './archive-format.js';
export { imageStatus, refsIn, type ImageStatus } from './inventory.js';
