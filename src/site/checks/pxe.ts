// PXE references: every profile a segment or reservation names must exist.
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import type { Site } from "../model.ts";
import { didYouMean } from "../suggest.ts";
import type { CheckContext } from "./context.ts";
import { REMOVED } from "./unsure.ts";

export function checkPxe(site: Site, context: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const p of site.pxe.profiles) {
    if (seen.has(p.name)) out.push(diag([...p.at, "name"], `PXE profile "${p.name}" is defined twice`, "give each profile its own name"));
    seen.add(p.name);
  }
  // A profile normalisation could not build is still declared: naming it is not the mistake.
  const names = [...(context.pxeProfiles ?? seen)];
  const declared = new Set(names);
  const profilesInDoubt = context.unsure.touches(["pxe", "profiles", REMOVED]);
  const unknown = (name: string) => `PXE profile "${name}" is not defined`;
  const fix = (name: string) => didYouMean(name, names) ?? (names.length > 0 ? `use one of: ${names.join(", ")}` : "define it under pxe.profiles");
  for (const s of site.segments) {
    if (s.pxe !== undefined && !declared.has(s.pxe) && !profilesInDoubt) out.push(diag([...s.at, "pxe"], unknown(s.pxe), fix(s.pxe)));
    if (s.pxe !== undefined && !s.dhcp && !context.unsure.touches([...s.at, "dhcp"])) {
      out.push(diag([...s.at, "pxe"], `segment ${s.name} boots PXE profile ${s.pxe} but serves no DHCP`, "add `dhcp:` with a pool to the segment; PXE clients find their boot file through DHCP"));
    }
    for (const r of s.dhcp?.reservations ?? []) {
      if (r.pxe !== undefined && !declared.has(r.pxe) && !profilesInDoubt) out.push(diag([...r.at, "pxe"], unknown(r.pxe), fix(r.pxe)));
    }
  }
  return out;
}
