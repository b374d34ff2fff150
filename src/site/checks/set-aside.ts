// The host names that items set aside (or dropped by normalisation) would
// have defined. A CNAME, MX or SRV pointing at one of them is not dangling:
// its target is in the file, only in an item with a problem of its own.
import type { Path } from "../model.ts";
import { absoluteName, canonicalDomain, recordName } from "../records.ts";
import { recordTypes } from "../schema.ts";
import type { RawSite } from "../schema.ts";

/** "unknown" when some name cannot be worked out: every dangling target is then in doubt. */
export type NamesSetAside = ReadonlySet<string> | "unknown";

interface Sources {
  /** The site as written. */
  readonly written: unknown;
  /** Places set aside, or taken from the last of duplicate keys, in the text as written. */
  readonly removed: readonly Path[];
  /** The site as repaired, and the places in it that normalisation could not use. */
  readonly repaired: RawSite;
  readonly dropped: readonly Path[];
  /** Keys written twice: the values YAML dropped are not in the data at all. */
  readonly duplicated: readonly Path[];
}

type Bag = Record<string | number, unknown>;

function at(data: unknown, ...path: Path): unknown {
  let v = data;
  for (const step of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Bag)[step];
  }
  return v;
}

export function namesSetAside(sources: Sources): NamesSetAside {
  const domain = canonicalDomain(sources.repaired.site.domain);
  const names = new Set<string>();
  let unknown = false;
  const host = (hostname: unknown) => {
    if (typeof hostname === "string") names.add(`${hostname.trim().toLowerCase()}.${domain}`);
    else if (hostname !== undefined) unknown = true;
  };
  const record = (r: unknown) => {
    const name = at(r, "name");
    const zone = at(r, "zone");
    const type = at(r, "type");
    if (typeof name !== "string" || (zone !== undefined && typeof zone !== "string")) {
      unknown = true;
      return;
    }
    const origin = typeof zone === "string" ? canonicalDomain(zone) : domain;
    names.add(recordTypes.includes(type as never) ? recordName(type as (typeof recordTypes)[number], name, origin) : absoluteName(name, origin));
  };
  const reservations = (list: unknown) => {
    if (Array.isArray(list)) for (const r of list) host(at(r, "hostname"));
    else if (list !== undefined) unknown = true;
  };

  if (sources.duplicated.some((p) => p[0] === "segments" || p[0] === "dns" || p[0] === "pair" || p[0] === "site")) return "unknown";
  for (const p of sources.removed) {
    const data = sources.written;
    if (p[0] === "dns" && p[1] === "records" && typeof p[2] === "number") record(at(data, "dns", "records", p[2]));
    else if (p[0] === "dns" && (p.length === 1 || p[1] === "records" || p[1] === "zones")) unknown = true;
    else if (p[0] === "segments" && typeof p[1] === "number") {
      const segment = at(data, "segments", p[1]);
      const whole = p.length === 2 || (p[2] === "dhcp" && (p.length === 3 || (p[3] === "reservations" && p.length === 4)));
      if (whole) reservations(at(segment, "dhcp", "reservations"));
      else if (p[2] === "dhcp" && p[3] === "reservations" && typeof p[4] === "number") host(at(segment, "dhcp", "reservations", p[4], "hostname"));
    } else if (p[0] === "pair" && p[2] === "interfaces" && typeof p[1] === "string") host(at(data, "pair", p[1], "hostname"));
    else if (p[0] === "segments" || p[0] === "pair" || p[0] === "site") unknown = true;
  }
  for (const p of sources.dropped) {
    if (p[0] === "dns" && p[1] === "records" && typeof p[2] === "number") record(sources.repaired.dns?.records?.[p[2]]);
    else if (p[0] === "dns" && p[1] === "zones") unknown = true;
  }
  return unknown ? "unknown" : names;
}
