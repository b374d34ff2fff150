// RFC 1035 zone files, identical on both nodes.
import { createHash } from "node:crypto";
import { rdataText } from "../../site/index.ts";
import type { DnsRecord, Site, Zone } from "../../site/index.ts";

/** SOA timers (seconds). The pair loads the same files, so these only matter to outside secondaries. */
export const SOA_TIMERS = { refresh: 3600, retry: 600, expire: 1_209_600 } as const;

/** Negative answers are cached briefly, so a name added to site.yaml shows up soon after rollout. */
const MAX_NEGATIVE_TTL = 300;

/** File name of a zone's data inside the zones directory, e.g. "db.office.example.com". */
export function zoneFileName(zone: Zone): string {
  return `db.${zone.name}`;
}

export function zoneFile(site: Site, zone: Zone): string {
  const soa = soaFields(site, zone);
  const body = recordLines(zone.records);
  const serial = zoneSerial([`$ORIGIN ${zone.name}.`, `$TTL ${zone.ttl}`, soa.join(" "), ...body].join("\n"));
  const [mname, rname, ...timers] = soa;
  return [
    `; Zone ${zone.name} of site ${site.name}. Generated: edit site.yaml instead.`,
    "; The serial is a hash of the zone's content: same data, same serial.",
    `$ORIGIN ${zone.name}.`,
    `$TTL ${zone.ttl}`,
    `@ IN SOA ${mname} ${rname} ( ${serial} ${timers.join(" ")} )`,
    ...body,
    "",
  ].join("\n");
}

/**
 * A content hash rather than a date: no clock in the generators, and the same
 * site always gives the same bytes. CoreDNS reloads a zone file whenever its
 * serial differs (not only when it grows), which is all the pair needs.
 */
export function zoneSerial(content: string): number {
  const serial = createHash("sha256").update(content).digest().readUInt32BE(0);
  // 0 is avoided: some loaders treat it as "no serial yet".
  return serial === 0 ? 1 : serial;
}

/** mname, rname, refresh, retry, expire, minimum. */
function soaFields(site: Site, zone: Zone): string[] {
  const primary = site.nodes[0];
  return [
    `${primary.fqdn}.`,
    `hostmaster.${site.domain}.`,
    String(SOA_TIMERS.refresh),
    String(SOA_TIMERS.retry),
    String(SOA_TIMERS.expire),
    String(Math.min(zone.ttl, MAX_NEGATIVE_TTL)),
  ];
}

function recordLines(records: readonly DnsRecord[]): string[] {
  const names = records.map((r) => `${r.name}.`);
  const width = Math.max(0, ...names.map((n) => n.length));
  return records.map((r, i) => {
    const ttl = r.ttl === undefined ? "" : ` ${r.ttl}`;
    return `${names[i]!.padEnd(width)}${ttl} IN ${r.data.type.padEnd(5)} ${rdataText(r.data)}`;
  });
}
