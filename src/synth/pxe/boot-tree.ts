// The TFTP/HTTP boot tree: iPXE scripts per profile and the dispatch script.
// The iPXE binaries themselves come with the boot server image.
import type { Site } from "../../site/index.ts";
import { file } from "../tree.ts";
import type { FileEntry } from "../tree.ts";
import { DISPATCH_SCRIPT, profileScriptPath } from "./boot-files.ts";
import { dispatchScript } from "./dispatch-script.ts";
import { profileScript } from "./profile-script.ts";

/** Files relative to the boot root (served by TFTP and HTTP alike). */
export function bootTree(site: Site): FileEntry[] {
  const files = [
    file(DISPATCH_SCRIPT, dispatchScript(site)),
    ...site.pxe.profiles.map((p) => file(profileScriptPath(p.name), profileScript(site.name, p))),
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
