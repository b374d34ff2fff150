// Assembles the site's DNS data: the forward zones (the site domain and any
// extra ones) with the records the user wrote plus those the site implies
// (node and reservation names, NS), and reverse zones cut from the segments
// with a PTR for every A record that has none written.
import type { Diagnostic } from "./diagnostic.ts";
import { diag } from "./diagnostic.ts";
import { maskOf, reverseZonesOf, ptrName } from "./ip.ts";
import type { Cidr } from "./ip.ts";
import type { DnsRecord, Node, Path, Segment, Zone } from "./model.ts";
import { canonicalDomain, isInside, parseValue, recordName } from "./records.ts";
import type { RawRecord } from "./schema.ts";
import { didYouMean } from "./suggest.ts";

interface ZoneInput {
  readonly domain: string;
  readonly ttl: number;
  readonly extraZones: readonly { name: string; ttl?: number | undefined; at: Path }[];
  readonly records: readonly { raw: RawRecord; at: Path }[];
  readonly nodes: readonly Node[];
  readonly segments: readonly Segment[];
}

interface ZoneBuilder {
  name: string;
  ttl: number;
  reverse: boolean;
  cidr?: Cidr;
  records: DnsRecord[];
  at: Path;
}

export function buildZones(input: ZoneInput): { zones: Zone[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const forward: ZoneBuilder[] = [{ name: input.domain, ttl: input.ttl, reverse: false, records: [], at: ["site", "domain"] }];
  const declared = new Set([input.domain]);
  for (const z of input.extraZones) {
    const name = canonicalDomain(z.name);
    if (declared.has(name)) {
      diagnostics.push(diag(z.at, `zone ${name} is declared twice`, "remove the duplicate (the site domain's zone always exists)"));
      continue;
    }
    declared.add(name);
    forward.push({ name, ttl: z.ttl ?? input.ttl, reverse: false, records: [], at: z.at });
  }

  const reverse = new Map<string, ZoneBuilder>();
  for (const segment of input.segments) {
    for (const rz of reverseZonesOf(segment.subnet)) {
      if (!reverse.has(rz.name)) reverse.set(rz.name, { name: rz.name, ttl: input.ttl, reverse: true, cidr: rz.cidr, records: [], at: [...segment.at, "subnet"] });
    }
  }
  const all = [...forward, ...[...reverse.values()].sort((a, b) => a.cidr!.network - b.cidr!.network)];
  const byName = new Map(all.map((z) => [z.name, z]));

  /** Longest zone that holds a name: a record belongs to the most specific zone. Walks up the labels, so cost does not grow with the zone count. */
  const zoneOf = (name: string): ZoneBuilder | undefined => {
    for (let n = name; ; ) {
      const zone = byName.get(n);
      if (zone) return zone;
      const dot = n.indexOf(".");
      if (dot < 0) return undefined;
      n = n.slice(dot + 1);
    }
  };

  const site = forward[0]!;
  for (const node of input.nodes) {
    site.records.push({ name: site.name, data: { type: "NS", target: node.fqdn }, source: "ns", at: node.at });
  }
  for (const node of input.nodes) {
    for (const i of node.interfaces) site.records.push({ name: node.fqdn, data: { type: "A", address: i.address }, source: "node", at: i.at });
  }
  for (const segment of input.segments) {
    for (const r of segment.dhcp?.reservations ?? []) {
      if (r.hostname === undefined) continue;
      site.records.push({ name: `${r.hostname}.${site.name}`, data: { type: "A", address: r.ip }, source: "reservation", at: [...r.at, "hostname"] });
    }
  }

  for (const { raw, at } of input.records) {
    const explicitZone = raw.zone === undefined ? undefined : canonicalDomain(raw.zone);
    const home = explicitZone === undefined ? undefined : byName.get(explicitZone);
    if (explicitZone !== undefined && home === undefined) {
      const names = forward.map((z) => z.name);
      diagnostics.push(diag([...at, "zone"], `zone ${explicitZone} is not a zone of this site`, didYouMean(explicitZone, names) ?? `declare it under dns.zones, or use one of: ${names.join(", ")}`));
      continue;
    }
    const origin = home?.name ?? site.name;
    const name = recordName(raw.type, raw.name, origin);
    const zone = home ?? (raw.name.trim().endsWith(".") || raw.type === "PTR" ? zoneOf(name) : site);
    if (zone === undefined || !isInside(name, zone.name)) {
      diagnostics.push(
        diag([...at, "name"], `record ${name} is outside ${zone ? `its zone ${zone.name}` : "every zone of this site"}`, zone ? `write a name inside ${zone.name}, or move the record to the zone that holds it` : outsideHint(name, forward)),
      );
      continue;
    }
    // Relative targets read against the origin the record was written in, as in a zone file.
    const parsed = parseValue(raw.type, raw.value, origin);
    if (!parsed.ok) {
      diagnostics.push(diag([...at, "value"], parsed.message, parsed.hint));
      continue;
    }
    zone.records.push(raw.ttl === undefined ? { name, data: parsed.data, source: "record", at } : { name, ttl: raw.ttl, data: parsed.data, source: "record", at });
  }

  // PTRs: one per address, from the first A record naming it, unless written.
  const reverseZones = [...reverse.values()];
  // Reverse zones are cut on octet boundaries, so a zone is found by masking.
  const byNetwork = new Map<number, Map<number, ZoneBuilder>>();
  for (const rz of reverseZones) {
    let zones = byNetwork.get(rz.cidr!.prefix);
    if (!zones) byNetwork.set(rz.cidr!.prefix, (zones = new Map()));
    zones.set(rz.cidr!.network, rz);
  }
  const reverseHome = (address: number): ZoneBuilder | undefined => {
    for (const prefix of [24, 16, 8]) {
      const home = byNetwork.get(prefix)?.get((address & maskOf(prefix)) >>> 0);
      if (home) return home;
    }
    return undefined;
  };
  const written = new Set<string>();
  for (const z of reverseZones) for (const r of z.records) if (r.data.type === "PTR") written.add(r.name);
  for (const z of forward) {
    for (const r of z.records) {
      if (r.data.type !== "A") continue;
      const name = ptrName(r.data.address);
      if (written.has(name)) continue;
      const home = reverseHome(r.data.address);
      if (home === undefined) continue;
      written.add(name);
      home.records.push({ name, data: { type: "PTR", target: r.name }, source: "ptr", at: r.at });
    }
  }

  // A child zone served by the same pair is still delegated from its parent.
  for (const child of forward.slice(1)) {
    const parent = zoneOf(child.name.slice(child.name.indexOf(".") + 1));
    if (!parent || parent.reverse || !child.name.includes(".")) continue;
    for (const node of input.nodes) parent.records.push({ name: child.name, data: { type: "NS", target: node.fqdn }, source: "ns", at: child.at });
  }
  for (const z of [...forward.slice(1), ...reverseZones]) {
    const ns = input.nodes.map((node): DnsRecord => ({ name: z.name, data: { type: "NS", target: node.fqdn }, source: "ns", at: node.at }));
    z.records.unshift(...ns);
  }

  return {
    zones: all.map((z) => ({ name: z.name, ttl: z.ttl, reverse: z.reverse, records: z.records, at: z.at })),
    diagnostics,
  };
}

/** Reverse zones follow the segments, so only a forward name can be helped by declaring a zone. */
function outsideHint(name: string, forward: readonly ZoneBuilder[]): string {
  if (name.endsWith(".in-addr.arpa")) return "the reverse zones are cut from the segments' subnets; write PTR records only for addresses inside a segment";
  return `declare a zone that holds it under dns.zones (zones: ${forward.map((z) => z.name).join(", ")})`;
}
