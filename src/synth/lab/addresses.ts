// Addresses the lab needs besides the site's own: the host's end of each
// segment's bridge, a client per segment, and the uplink networks where the
// upstream stand-ins live. Chosen from what the site leaves free, highest
// first, so they never collide with pools, reservations or named hosts.
import { contains, formatIpv4, hostRange, parseCidr } from "../../site/index.ts";
import type { Cidr, Segment, Site } from "../../site/index.ts";

export interface SegmentAddresses {
  /** The host's address on the bridge (Docker's "gateway" of the network). */
  readonly host: string;
  readonly client: string;
}

export interface Uplink {
  readonly key: string;
  readonly subnet: Cidr;
  readonly host: string;
  /** The site router's leg on the uplink, the pair's path to its upstreams. */
  readonly router: string;
  /** Upstream stand-ins living here. */
  readonly upstreams: readonly number[];
}

const usedCache = new WeakMap<Site, Set<number>>();

/** Every address the site itself uses, so the lab can avoid them. */
function usedAddresses(site: Site): Set<number> {
  const cached = usedCache.get(site);
  if (cached) return cached;
  const used = new Set<number>();
  usedCache.set(site, used);
  for (const s of site.segments) {
    used.add(s.gateway);
    for (const r of s.dhcp?.reservations ?? []) used.add(r.ip);
  }
  for (const n of site.nodes) for (const i of n.interfaces) used.add(i.address);
  for (const z of site.dns.zones) for (const r of z.records) if (r.data.type === "A") used.add(r.data.address);
  for (const a of upstreamAddresses(site)) used.add(a);
  return used;
}

function inPool(segment: Segment, address: number): boolean {
  return (segment.dhcp?.pools ?? []).some((p) => address >= p.range.first && address <= p.range.last);
}

export function segmentAddresses(site: Site, segment: Segment): SegmentAddresses {
  const used = usedAddresses(site);
  const { first, last } = hostRange(segment.subnet);
  const free: number[] = [];
  for (let a = last; a >= first && free.length < 2; a--) {
    if (!used.has(a) && !inPool(segment, a)) free.push(a);
  }
  if (free.length < 2) {
    throw new Error(`segment ${segment.name} (${segment.subnet.text}) has no two addresses free for the lab's bridge and client; shrink a pool or free two addresses`);
  }
  return { host: formatIpv4(free[0]!), client: formatIpv4(free[1]!) };
}

/** Upstream servers of the site and of its candidate deployments that the lab stands in for. */
export function upstreamAddresses(site: Site): number[] {
  const all = new Set<number>([...site.ntp.upstreams, ...site.dns.forwarders]);
  return [...all].sort((a, b) => a - b);
}

/** Upstreams outside every segment live on uplinks, one per /24 they fall in. */
export function uplinks(site: Site): Uplink[] {
  const outside = upstreamAddresses(site).filter((a) => !site.segments.some((s) => contains(s.subnet, a)));
  const groups = new Map<number, number[]>();
  for (const a of outside) {
    const net = (a & 0xffffff00) >>> 0;
    groups.set(net, [...(groups.get(net) ?? []), a]);
  }
  return [...groups.entries()].map(([net, upstreams], i) => {
    const subnet = parseCidr(`${formatIpv4(net)}/24`)!;
    const taken = new Set(upstreams);
    let router = net + 1;
    while (taken.has(router)) router++;
    let host = net + 254;
    while (taken.has(host) || host === router) host--;
    return { key: `uplink${i + 1}`, subnet, router: formatIpv4(router), host: formatIpv4(host), upstreams };
  });
}
