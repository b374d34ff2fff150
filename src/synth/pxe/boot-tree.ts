// The TFTP/HTTP boot tree: iPXE scripts per profile and the dispatch script.
import type { Site } from "../../site/index.ts";
import type { FileEntry } from "../tree.ts";

/** Files relative to the boot root (served by TFTP and HTTP alike). */
export function bootTree(_site: Site): FileEntry[] {
  throw new Error("bootTree: not written yet");
}
