// DNS data checks: host names claimed twice, CNAME rules, and targets that
// must resolve inside the site because the site is authoritative for them.
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import { formatIpv4 } from "../ip.ts";
import type { DnsRecord, Site } from "../model.ts";
import { Suggester } from "../suggest.ts";
import type { CheckContext } from "./context.ts";

interface NameIndex {
  readonly byName: Map<string, DnsRecord[]>;
  readonly zones: ReadonlySet<string>;
}

function index(site: Site): NameIndex {
  const byName = new Map<string, DnsRecord[]>();
  for (const z of site.dns.zones) {
    for (const r of z.records) {
      const list = byName.get(r.name);
      if (list) list.push(r);
      else byName.set(r.name, [r]);
    }
  }
  return { byName, zones: new Set(site.dns.zones.map((z) => z.name)) };
}

/** The zone of the site that is authoritative for a name, found by walking up its labels. */
function zoneOf(idx: NameIndex, name: string): string | undefined {
  for (let n = name; ; ) {
    if (idx.zones.has(n)) return n;
    const dot = n.indexOf(".");
    if (dot < 0) return undefined;
    n = n.slice(dot + 1);
  }
}

/** The records answering for a name: its own, or a wildcard's above it inside its zone. */
function recordsFor(idx: NameIndex, name: string, zone: string): DnsRecord[] | undefined {
  const own = idx.byName.get(name);
  if (own) return own;
  for (let n = name; n !== zone; ) {
    const dot = n.indexOf(".");
    if (dot < 0) return undefined;
    n = n.slice(dot + 1);
    const wildcard = idx.byName.get(`*.${n}`);
    if (wildcard) return wildcard;
    if (idx.byName.has(n)) return undefined;
  }
  return undefined;
}

/** Follows CNAMEs inside the site to an address record; names the site is not authoritative for resolve elsewhere. */
function resolves(idx: NameIndex, name: string, depth = 0): boolean {
  if (depth > 8) return false;
  const zone = zoneOf(idx, name);
  if (zone === undefined) return true;
  const records = recordsFor(idx, name, zone);
  if (!records) return false;
  if (records.some((r) => r.data.type === "A" || r.data.type === "AAAA")) return true;
  const cname = records.find((r) => r.data.type === "CNAME");
  return cname !== undefined && cname.data.type === "CNAME" && resolves(idx, cname.data.target, depth + 1);
}

/** A name that is only an alias; a CNAME beside other data is reported at the CNAME itself. */
function isAlias(idx: NameIndex, name: string): boolean {
  const records = idx.byName.get(name);
  return records !== undefined && records.every((x) => x.data.type === "CNAME");
}

/** Who put a record there, in the words of site.yaml. */
function owner(site: Site, r: DnsRecord): string {
  switch (r.source) {
    case "node":
      return `node ${r.name.split(".")[0]}`;
    case "reservation": {
      const [, s, , , i] = r.at;
      const segment = typeof s === "number" ? site.segments[s] : undefined;
      const reservation = typeof i === "number" ? segment?.dhcp?.reservations[i] : undefined;
      return reservation && segment ? `the reservation for ${reservation.mac} on ${segment.name}` : "a DHCP reservation";
    }
    case "ns":
      return "the zone's NS records";
    case "ptr":
      return "a derived PTR record";
    case "record":
      return `${aRecord(r.data.type)} in dns.records`;
  }
}

/** "an A record", "a TXT record": the article as the type is spoken. */
function aRecord(type: DnsRecord["data"]["type"]): string {
  return `${["A", "AAAA", "MX", "NS", "SRV"].includes(type) ? "an" : "a"} ${type} record`;
}

function ownerKey(r: DnsRecord): string {
  return r.source === "node" ? `node:${String(r.at[1])}` : r.source === "record" ? "record" : `${r.source}:${r.at.join(".")}`;
}

export function checkRecords(site: Site, context: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const idx = index(site);
  for (const [name, records] of idx.byName) {
    const cname = records.find((r) => r.data.type === "CNAME");
    if (cname && records.length > 1) {
      const other = records.find((r) => r !== cname)!;
      if (other.data.type === "CNAME") {
        out.push(diag([...other.at, "name"], `${name} has two CNAME records`, "an alias points to one name; remove one of them"));
      } else {
        const what = other.source === "record" ? aRecord(other.data.type) : other.source === "ns" ? "the zone's NS records" : `the address of ${owner(site, other)}`;
        out.push(diag([...cname.at, "name"], `${name} has a CNAME and also ${what}`, "a CNAME must be the only record at its name; rename the alias or the other"));
      }
    }
    duplicateHosts(site, name, records, out);
  }
  // A target that an item set aside would have defined is not missing: that item is reported already.
  const aside = context.namesSetAside;
  const missing = (target: string) => !(aside === "unknown" || aside?.has(target)) && !resolves(idx, target);
  const suggest = closestHost(idx);
  for (const z of site.dns.zones) {
    for (const r of z.records) {
      if (r.source !== "record") continue;
      const d = r.data;
      if (d.type === "CNAME") {
        if (missing(d.target)) {
          out.push(diag([...r.at, "value"], `CNAME ${r.name} points to ${d.target}, which has no address in this site`, `add an A record for ${d.target}, or point the alias at a name that has one${suggest(d.target)}`));
        }
      } else if (d.type === "SRV" || d.type === "MX") {
        const target = d.type === "SRV" ? d.target : d.exchange;
        const role = d.type === "SRV" ? "targets" : "names the mail exchanger";
        // "." as the target says the service does not exist here (RFC 2782, RFC 7505).
        if (target === "") continue;
        if (missing(target)) {
          out.push(diag([...r.at, "value"], `${d.type} ${r.name} ${role} ${target}, which has no address in this site`, `add an A record for ${target}, or use a host the site defines${suggest(target)}`));
        } else if (isAlias(idx, target)) {
          out.push(diag([...r.at, "value"], `${d.type} ${r.name} ${role} ${target}, which is a CNAME`, `use the host name the alias points to; ${d.type} targets must not be aliases (${d.type === "SRV" ? "RFC 2782" : "RFC 2181"})`));
        }
      }
    }
  }
  return out;
}

/** "; did you mean …?" for a target that has no address, from the names of its own zone. */
function closestHost(idx: NameIndex): (target: string) => string {
  let byZone: Map<string, string[]> | undefined;
  const suggesters = new Map<string, Suggester>();
  let asked = 0;
  return (target) => {
    // Each suggestion scans a zone's names; a broken bulk import gets them for its first few mistakes only.
    if (asked++ >= 5) return "";
    const zone = zoneOf(idx, target);
    if (zone === undefined || target === zone) return "";
    if (!byZone) {
      byZone = new Map();
      for (const [name, records] of idx.byName) {
        if (!records.some((r) => r.data.type === "A" || r.data.type === "AAAA")) continue;
        const home = zoneOf(idx, name);
        if (home === undefined || name === home) continue;
        const list = byZone.get(home) ?? [];
        list.push(name.slice(0, -home.length - 1));
        byZone.set(home, list);
      }
    }
    let suggester = suggesters.get(zone);
    if (!suggester) suggesters.set(zone, (suggester = new Suggester(byZone.get(zone) ?? [])));
    const meant = suggester.closest(target.slice(0, -zone.length - 1));
    return meant === undefined ? "" : `; did you mean ${meant}.${zone}?`;
  };
}

/**
 * One host name, several hosts: a node, a reservation or an A record each
 * claim a name for one machine. Several A records written for one name are
 * deliberate (round robin), and two nodes with one name are reported elsewhere.
 */
function duplicateHosts(site: Site, name: string, records: readonly DnsRecord[], out: Diagnostic[]): void {
  const claims = new Map<string, DnsRecord>();
  for (const r of records) {
    if (r.data.type !== "A" || r.source === "ptr") continue;
    const key = ownerKey(r);
    if (!claims.has(key)) claims.set(key, r);
  }
  if (claims.size < 2) return;
  const [first, ...later] = [...claims.values()];
  for (const r of later) {
    if (r.source === "node" && first!.source === "node") continue;
    const at = r.source === "reservation" ? r.at : r.source === "record" ? [...r.at, "name"] : r.at;
    out.push(diag(at, `duplicate host name ${name}: already used by ${owner(site, first!)}`, `give ${owner(site, r)} a name of its own`));
  }
}

/** Forwarders that are the pair itself would loop every query the pair cannot answer. */
export function checkForwarders(site: Site): Diagnostic[] {
  const own = new Map(site.nodes.flatMap((n) => n.interfaces.map((i) => [i.address, n.hostname] as const)));
  return site.dns.forwarders.flatMap((f, i) => {
    const node = own.get(f);
    return node === undefined
      ? []
      : [diag(["dns", "forwarders", i], `forwarder ${formatIpv4(f)} is ${node}'s own address`, "forward to the site's upstream resolvers; a pair forwarding to itself loops every query it cannot answer")];
  });
}
