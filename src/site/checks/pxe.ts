// PXE references: every profile a segment or reservation names must exist.
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import type { Site } from "../model.ts";
import { didYouMean } from "../suggest.ts";

export function checkPxe(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = site.pxe.profiles.map((p) => p.name);
  const seen = new Set<string>();
  for (const p of site.pxe.profiles) {
    if (seen.has(p.name)) out.push(diag([...p.at, "name"], `PXE profile "${p.name}" is defined twice`, "give each profile its own name"));
    seen.add(p.name);
  }
  const unknown = (name: string) =>
    `PXE profile "${name}" is not defined`;
  const fix = (name: string) => didYouMean(name, names) ?? (names.length ? `use one of: ${names.join(", ")}` : "define it under pxe.profiles");
  for (const s of site.segments) {
    if (s.pxe !== undefined && !names.includes(s.pxe)) out.push(diag([...s.at, "pxe"], unknown(s.pxe), fix(s.pxe)));
    if (s.pxe !== undefined && !s.dhcp) out.push(diag([...s.at, "pxe"], `segment ${s.name} boots PXE profile ${s.pxe} but serves no DHCP`, "add `dhcp:` with a pool to the segment"));
    for (const r of s.dhcp?.reservations ?? []) {
      if (r.pxe !== undefined && !names.includes(r.pxe)) out.push(diag([...r.at, "pxe"], unknown(r.pxe), fix(r.pxe)));
    }
  }
  return out;
}
