// Files the lab itself needs besides the nodes' (upstream stand-ins' configs).
import type { Site } from "../../site/index.ts";
import type { FileEntry } from "../tree.ts";

export function labSupportFiles(_site: Site): FileEntry[] {
  return [];
}
