// Where recipes live and where built things are cached, relative to the
// project checkout (this file sits at src/lab/images/).
import { fileURLToPath } from "node:url";

const root = (relative: string): string => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));

export const PATHS = {
  /** One directory per image recipe: lab/images/<recipe>/. */
  recipes: root("lab/images"),
  /** The base rootfs tarball and the downloaded .deb files. */
  imageCache: root(".cache/images"),
  /** Binaries built from Go modules (CoreDNS, Butane). */
  toolsBin: root(".cache/tools/bin"),
  /** Source tarballs of tools built from C source (chrony). */
  toolsSrc: root(".cache/tools/src"),
} as const;
