// What the pair must answer, from the site model: every name and type the
// site's zones hold, with the exact data, in zone-file form.
import { rdataText } from "../site/index.ts";
import type { Site } from "../site/index.ts";

export interface ExpectedRrset {
  /** Absolute, with the trailing dot, as answers print names. */
  readonly name: string;
  readonly type: string;
  readonly data: readonly string[];
  readonly zone: string;
}

export function expectedRrsets(site: Site): ExpectedRrset[] {
  const sets = new Map<string, { name: string; type: string; data: Set<string>; zone: string }>();
  for (const zone of site.dns.zones) {
    for (const r of zone.records) {
      // A delegation to a child zone the pair also serves is answered from the child.
      if (r.data.type === "NS" && r.name !== zone.name) continue;
      const key = `${r.name} ${r.data.type}`;
      const set = sets.get(key) ?? { name: `${r.name}.`, type: r.data.type, data: new Set<string>(), zone: zone.name };
      set.data.add(rdataText(r.data));
      sets.set(key, set);
    }
  }
  return [...sets.values()].map((s) => ({ name: s.name, type: s.type, data: [...s.data].sort(), zone: s.zone }));
}

/** Compares an answer's records with an expected set; returns what differs, or undefined. */
export function compareRrset(expected: ExpectedRrset, answered: readonly { name: string; type: string; data: string }[]): string | undefined {
  const got = answered.filter((a) => a.type === expected.type && a.name.toLowerCase() === expected.name.toLowerCase()).map((a) => normalise(expected.type, a.data)).sort();
  const want = expected.data.map((d) => normalise(expected.type, d));
  const missing = want.filter((w) => !got.includes(w));
  const extra = got.filter((g) => !want.includes(g));
  if (missing.length === 0 && extra.length === 0) return undefined;
  return `${expected.name} ${expected.type}: ${missing.length ? `missing ${missing.join(", ")}` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `unexpected ${extra.join(", ")}` : ""}`;
}

/** Names compare case-insensitively; TXT quoting and IPv6 spelling vary between printers. */
function normalise(type: string, data: string): string {
  if (type === "AAAA") return data.toLowerCase().replace(/(^|:)0+(?=[0-9a-f])/g, "$1");
  if (type === "TXT") return data.replace(/\\"/g, '"');
  return data.toLowerCase();
}
