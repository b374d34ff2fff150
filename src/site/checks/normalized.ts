// Normalisation reports references it cannot resolve (a segment, a zone, an
// OS version). When the schema stage set items aside, such a reference may
// name exactly the item that was set aside; reporting it would send the user
// after a second problem that is only the first one seen again.
import type { Diagnostic } from "../diagnostic.ts";
import type { Path } from "../model.ts";
import { ANY, REMOVED } from "./unsure.ts";
import type { Unsure } from "./unsure.ts";

function under(at: Path, ...prefix: Path): boolean {
  return prefix.every((step, i) => step === ANY ? at[i] !== undefined : at[i] === step);
}

export function credibleNormalizeDiagnostics(diagnostics: readonly Diagnostic[], unsure: Unsure): Diagnostic[] {
  if (unsure.empty) return [...diagnostics];
  const segmentsInDoubt = unsure.touches(["segments", REMOVED], ["segments", ANY, "name"]);
  // Reverse zones are cut from the segments' subnets.
  const zonesInDoubt = unsure.touches(["dns", "zones"], ["segments", REMOVED], ["segments", ANY, "subnet"]);
  return diagnostics.filter((d) => {
    const at = d.at;
    if (under(at, "pair", ANY, "interfaces") || under(at, "ntp", "allow") || under(at, "dns", "allow-query")) return !segmentsInDoubt;
    if (under(at, "pxe", "profiles")) return !unsure.touches(["os", "version"], ["pxe", "version"], ["pxe", "profiles", ANY, "version"]);
    if (under(at, "dns", "records") && (at[3] === "zone" || at[3] === "name")) return !zonesInDoubt;
    if (under(at, "deployments")) return !zonesInDoubt;
    return true;
  });
}
