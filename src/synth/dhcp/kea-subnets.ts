// One Kea subnet4 per segment that serves DHCP. Ids follow the segment's
// place in site.yaml, so a lease file stays valid when segments are added
// at the end.
import { formatIpv4 } from "../../site/index.ts";
import type { Segment, SegmentDhcp } from "../../site/index.ts";

/** Kea's subnet id for a segment: ids start at 1, 0 means "no subnet" to Kea. */
export function subnetId(segment: Segment): number {
  return segment.index + 1;
}

/** RFC 2131 defaults: renew at half the lease, rebind at seven eighths. */
export function renewRebind(leaseTime: number): { renew: number; rebind: number } {
  return { renew: Math.floor(leaseTime / 2), rebind: Math.floor((leaseTime * 7) / 8) };
}

export function keaSubnets(segments: readonly Segment[]): object[] {
  return segments.flatMap((s) => (s.dhcp ? [keaSubnet(s, s.dhcp)] : []));
}

function keaSubnet(segment: Segment, dhcp: SegmentDhcp): object {
  const { renew, rebind } = renewRebind(dhcp.leaseTime);
  const reservedOutsidePools = dhcp.reservations.every((r) => !dhcp.pools.some((p) => p.range.first <= r.ip && r.ip <= p.range.last));
  return {
    id: subnetId(segment),
    subnet: segment.subnet.text,
    "user-context": { segment: segment.name },
    // Kea picks a relayed client's subnet by its giaddr; naming the gateway
    // keeps that choice explicit should the relay ever use another address.
    ...(segment.relayed ? { relay: { "ip-addresses": [formatIpv4(segment.gateway)] } } : {}),
    pools: dhcp.pools.map((p) => ({ pool: `${formatIpv4(p.range.first)} - ${formatIpv4(p.range.last)}` })),
    "valid-lifetime": dhcp.leaseTime,
    "renew-timer": renew,
    "rebind-timer": rebind,
    // When no reservation lies in a pool, Kea may skip the reservation
    // lookup for pool addresses it hands out.
    "reservations-out-of-pool": reservedOutsidePools,
    "option-data": optionData(dhcp),
    reservations: dhcp.reservations.map((r) => ({
      "hw-address": r.mac,
      "ip-address": formatIpv4(r.ip),
      ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
    })),
  };
}

/** Empty lists are left out: Kea rejects an address option without data. */
function optionData(dhcp: SegmentDhcp): object[] {
  const o = dhcp.options;
  const addresses = (list: readonly number[]) => list.map(formatIpv4).join(", ");
  const entries: [string, string][] = [
    ["routers", addresses(o.routers)],
    ["domain-name-servers", addresses(o.dnsServers)],
    ["ntp-servers", addresses(o.ntpServers)],
    ["domain-name", o.domainName],
    ["domain-search", o.domainSearch.join(", ")],
  ];
  return entries.filter(([, data]) => data !== "").map(([name, data]) => ({ name, data }));
}
