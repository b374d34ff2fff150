// What a lab test expects, read from the site model: the records the site
// declares, each node's address on a segment, the pools a lease must come from.
import { contains, formatIpv4, parseIpv4, ptrName } from "../../site/index.ts";
import type { DnsRecord, Node, RecordData, RecordType, Segment, Site } from "../../site/index.ts";

/** The first record of a type the site's own file declares in its domain's zone. */
export function declaredRecord<T extends RecordType>(site: Site, type: T): DnsRecord & { data: RecordData & { type: T } } {
  const zone = site.dns.zones.find((z) => z.name === site.domain);
  const record = zone?.records.find((r) => r.source === "record" && r.data.type === type);
  if (!record) throw new Error(`site ${site.name} declares no ${type} record in ${site.domain}; the test needs one`);
  return record as DnsRecord & { data: RecordData & { type: T } };
}

/** The name the site's reverse zones give an address. */
export function ptrTarget(site: Site, address: number): string {
  const name = ptrName(address);
  const record = site.dns.zones.filter((z) => z.reverse).flatMap((z) => z.records).find((r) => r.name === name && r.data.type === "PTR");
  if (!record || record.data.type !== "PTR") throw new Error(`site ${site.name} has no PTR for ${formatIpv4(address)}`);
  return record.data.target;
}

/** An A record a deployment adds to the site: the deployment's visible difference. */
export function addedARecord(site: Site, deployment: string): { name: string; address: string } {
  const d = site.deployments.find((x) => x.name === deployment);
  if (!d) throw new Error(`site ${site.name} has no deployment ${deployment}`);
  const names = new Set(site.dns.zones.flatMap((z) => z.records.map((r) => r.name)));
  const added = d.site.dns.zones.flatMap((z) => z.records).find((r) => r.data.type === "A" && !names.has(r.name));
  if (!added || added.data.type !== "A") throw new Error(`deployment ${deployment} of ${site.name} adds no A record; the test needs one`);
  return { name: added.name, address: formatIpv4(added.data.address) };
}

export function segmentNamed(site: Site, name: string): Segment {
  const s = site.segments.find((x) => x.name === name);
  if (!s) throw new Error(`site ${site.name} has no segment ${name}`);
  return s;
}

/** The node's address on a segment, or on its first one. */
export function addressOf(node: Node, segment?: string): string {
  const i = segment === undefined ? node.interfaces[0] : node.interfaces.find((x) => x.segment === segment);
  if (!i) throw new Error(`${node.hostname} has no interface on ${segment}`);
  return formatIpv4(i.address);
}

export function inPools(segment: Segment, address: string): boolean {
  const a = parseIpv4(address);
  return a !== undefined && contains(segment.subnet, a) && (segment.dhcp?.pools ?? []).some((p) => a >= p.range.first && a <= p.range.last);
}

export const addresses = (list: readonly number[]): string => list.map(formatIpv4).join(" ");
