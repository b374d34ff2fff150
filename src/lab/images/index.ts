// The lab's images: built locally from the recipes under lab/images (or
// pulled on request), cached by recipe hash.
export { ensureImages } from "./ensure-images.ts";
export type { EnsureImagesOptions, EnsuredImage, EnsuredImages, ImageOutcome, ServiceImages } from "./ensure-images.ts";
export { CHRONY, chronyBinaries, ensureChrony } from "./chrony-tool.ts";
export type { ChronyBinaries } from "./chrony-tool.ts";
export { BUTANE_VERSION, ensureGoTool } from "./go-tool.ts";
export type { GoToolName, GoToolOptions } from "./go-tool.ts";
export { IMAGE_LABELS, LAB_BASE_IMAGE } from "./recipes.ts";
export type { ImageRole } from "./recipes.ts";
export type { ImageProgress, OnProgress } from "./progress.ts";
