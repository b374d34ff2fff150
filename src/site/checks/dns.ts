// DNS data checks: names used twice, CNAME rules, and targets that must
// resolve inside the site because the site is authoritative for them.
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import { formatIpv4 } from "../ip.ts";
import type { DnsRecord, Site } from "../model.ts";
import { isInside } from "../records.ts";

interface NameIndex {
  readonly byName: Map<string, DnsRecord[]>;
  readonly zones: readonly string[];
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
  return { byName, zones: site.dns.zones.map((z) => z.name) };
}

/** True when some zone of the site is authoritative for the name. */
function authoritative(idx: NameIndex, name: string): boolean {
  for (const z of idx.zones) if (isInside(name, z)) return true;
  return false;
}

/** Follows CNAMEs inside the site to an address record, if there is one. */
function resolves(idx: NameIndex, name: string, depth = 0): boolean {
  if (depth > 8) return false;
  const records = idx.byName.get(name);
  if (!records) return !authoritative(idx, name);
  if (records.some((r) => r.data.type === "A" || r.data.type === "AAAA")) return true;
  const cname = records.find((r) => r.data.type === "CNAME");
  return cname !== undefined && cname.data.type === "CNAME" && resolves(idx, cname.data.target, depth + 1);
}

export function checkRecords(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const idx = index(site);
  for (const [name, records] of idx.byName) {
    const cname = records.find((r) => r.data.type === "CNAME");
    if (cname && records.length > 1) {
      const other = records.find((r) => r !== cname)!;
      const where = other.source === "record" ? `a ${other.data.type} record` : other.source === "reservation" ? "a DHCP reservation's hostname" : `the ${other.source} ${other.data.type} record`;
      out.push(diag([...cname.at, "name"], `CNAME ${name} stands beside ${where} of the same name`, "a CNAME must be the only record at its name; rename one of them"));
    }
    // Two sources claiming one host name is a duplicate hostname, not two addresses.
    const owners = new Set(records.filter((r) => r.data.type === "A" && r.source !== "ptr").map((r) => r.source === "node" ? `node:${r.at[1]}` : r.source === "record" ? "record" : `reservation:${r.at.join(".")}`));
    if (owners.size > 1 && [...owners].some((o) => o !== "record")) {
      const late = records.filter((r) => r.data.type === "A").at(-1)!;
      out.push(diag(late.source === "reservation" ? late.at : [...late.at, "name"], `duplicate hostname ${name}: it names more than one host in this site`, "give every host its own name"));
    }
  }
  for (const z of site.dns.zones) {
    for (const r of z.records) {
      if (r.source !== "record") continue;
      const d = r.data;
      if (d.type === "CNAME" && !resolves(idx, d.target)) {
        out.push(diag([...r.at, "value"], `CNAME ${r.name} points to ${d.target}, which has no address in this site`, `add an A record for ${d.target} or point the CNAME at a name that has one`));
      } else if (d.type === "SRV" && !resolves(idx, d.target)) {
        out.push(diag([...r.at, "value"], `SRV ${r.name} targets ${d.target}, which does not resolve inside the site`, `add an A record for ${d.target}, or target a host the site defines`));
      } else if (d.type === "SRV" && idx.byName.get(d.target)?.some((x) => x.data.type === "CNAME")) {
        out.push(diag([...r.at, "value"], `SRV ${r.name} targets the alias ${d.target}`, "SRV targets must be host names with addresses, not CNAMEs (RFC 2782)"));
      } else if (d.type === "MX" && !resolves(idx, d.exchange)) {
        out.push(diag([...r.at, "value"], `MX ${r.name} names ${d.exchange}, which has no address in this site`, `add an A record for ${d.exchange}`));
      }
    }
  }
  return out;
}

/** Forwarders that are the pair itself would loop every unknown query. */
export function checkForwarders(site: Site): Diagnostic[] {
  const own = new Set(site.nodes.flatMap((n) => n.interfaces.map((i) => i.address)));
  return site.dns.forwarders.flatMap((f, i) =>
    own.has(f) ? [diag(["dns", "forwarders", i], `forwarder ${formatIpv4(f)} is one of the pair`, "forward to the site's upstream resolvers, not to the pair itself")] : [],
  );
}
