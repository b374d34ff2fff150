// Address-plan checks: subnets, gateways, node addresses, pools, reservations,
// and identifiers that must be unique (MACs, addresses). Every comparison of
// many items sorts once and sweeps, so a site with a thousand segments costs
// no more than a few sorts.
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import { broadcastOf, contains, formatIpv4, formatRange, hostRange, overlaps } from "../ip.ts";
import type { Cidr, Ipv4Range } from "../ip.ts";
import type { Path, Pool, Reservation, Segment, Site } from "../model.ts";
import type { CheckContext } from "./context.ts";

export function checkSegments(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Set<string>();
  for (const s of site.segments) {
    if (byName.has(s.name)) out.push(diag([...s.at, "name"], `segment name "${s.name}" is already used by an earlier segment`, "give every segment its own name"));
    else byName.add(s.name);
  }
  // Sorted by start, a subnet that overlaps any earlier one overlaps the one reaching furthest.
  const sorted = [...site.segments].sort((a, b) => a.subnet.network - b.subnet.network || a.index - b.index);
  let open: Segment | undefined;
  for (const s of sorted) {
    if (open && overlaps(open.subnet, s.subnet)) {
      const how = open.subnet.text === s.subnet.text ? "is also the subnet" : `overlaps ${open.subnet.text}`;
      out.push(diag([...s.at, "subnet"], `subnet ${s.subnet.text} of segment ${s.name} ${how} of segment ${open.name}`, "give each segment its own, non-overlapping network"));
    }
    if (!open || broadcastOf(s.subnet) > broadcastOf(open.subnet)) open = s;
  }
  for (const s of site.segments) {
    const problem = placeIn(s.gateway, s.subnet);
    if (problem !== undefined) out.push(diag([...s.at, "gateway"], `gateway ${formatIpv4(s.gateway)} ${problem}`, `pick an address in ${formatRange(hostRange(s.subnet))}`));
  }
  return out;
}

/** Why an address cannot be a host of the subnet, or undefined when it can. */
function placeIn(address: number, subnet: Cidr): string | undefined {
  if (!contains(subnet, address)) return `is outside subnet ${subnet.text}`;
  const hosts = hostRange(subnet);
  if (address === subnet.network && address < hosts.first) return `is the network address of ${subnet.text}`;
  if (address > hosts.last) return `is the broadcast address of ${subnet.text}`;
  return undefined;
}

export function checkNodes(site: Site, context: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const [primary, standby] = site.nodes;
  if (primary.hostname === standby.hostname) {
    out.push(diag([...standby.at, "hostname"], `both nodes are called "${standby.hostname}"`, "give the standby its own hostname"));
  }
  const segments = new Map(site.segments.map((s) => [s.name, s]));
  for (const node of site.nodes) {
    if (node.interfaces.length === 0 && !context.unsure.touches([...node.at, "interfaces"])) {
      out.push(diag([...node.at, "interfaces"], `node ${node.hostname} has no interface`, "give it an address on the segment it serves, e.g. `lan: { mac: ..., address: ... }`"));
    }
    for (const i of node.interfaces) {
      const segment = segments.get(i.segment);
      if (!segment) continue;
      if (segment.relayed) {
        out.push({
          ...diag(i.at, `node ${node.hostname} has an interface on segment ${segment.name}, which is marked relayed`, `the pair reaches a relayed segment through its gateway; remove this interface or drop \`relayed: true\` from ${segment.name}`),
          atKey: true,
        });
        continue;
      }
      const problem = placeIn(i.address, segment.subnet);
      if (problem !== undefined) {
        out.push(diag([...i.at, "address"], `address ${formatIpv4(i.address)} of ${node.hostname} on segment ${segment.name} ${problem}`, `pick an address in ${formatRange(hostRange(segment.subnet))}`));
      }
    }
  }
  return out;
}

function reservationName(r: Reservation): string {
  return r.hostname === undefined ? `reservation for ${r.mac}` : `reservation ${r.hostname}`;
}

/** Addresses sorted once, so "which of these lie in a range" is a binary search. */
class AddressIndex {
  private readonly entries: readonly { address: number; owner: string }[];

  constructor(entries: { address: number; owner: string }[]) {
    this.entries = entries.sort((a, b) => a.address - b.address);
  }

  within(range: Ipv4Range): { address: number; owner: string }[] {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.address < range.first) lo = mid + 1;
      else hi = mid;
    }
    const out: { address: number; owner: string }[] = [];
    for (let i = lo; i < this.entries.length && this.entries[i]!.address <= range.last; i++) out.push(this.entries[i]!);
    return out;
  }
}

export function checkPoolsAndReservations(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const nodeAddresses = new AddressIndex(site.nodes.flatMap((n) => n.interfaces.map((i) => ({ address: i.address, owner: n.hostname }))));
  for (const s of site.segments) {
    if (!s.dhcp) continue;
    const hosts = hostRange(s.subnet);
    const usable: Pool[] = [];
    for (const p of s.dhcp.pools) {
      const text = formatRange(p.range);
      const problem = !contains(s.subnet, p.range.first) || !contains(s.subnet, p.range.last)
        ? `is outside subnet ${s.subnet.text}`
        : p.range.first < hosts.first
          ? `includes the network address ${formatIpv4(s.subnet.network)}`
          : p.range.last > hosts.last
            ? `includes the broadcast address ${formatIpv4(broadcastOf(s.subnet))}`
            : undefined;
      if (problem !== undefined) {
        out.push(diag(p.at, `pool ${text} of segment ${s.name} ${problem}`, `make the pool fit inside ${formatRange(hosts)}`));
        continue;
      }
      usable.push(p);
      if (s.gateway >= p.range.first && s.gateway <= p.range.last) {
        out.push(diag(p.at, `pool ${text} contains the gateway ${formatIpv4(s.gateway)}`, `shrink the pool so it leaves out ${formatIpv4(s.gateway)}`));
      }
      for (const { address, owner } of nodeAddresses.within(p.range)) {
        out.push(diag(p.at, `pool ${text} contains ${owner}'s address ${formatIpv4(address)}`, "keep the pair's addresses out of every pool"));
      }
    }
    // Sorted by start, a pool overlaps an earlier one exactly when it starts before the furthest end so far.
    const pools = usable.sort((a, b) => a.range.first - b.range.first || a.range.last - b.range.last);
    const reach: Pool[] = [];
    let furthest: Pool | undefined;
    for (const p of pools) {
      if (furthest && p.range.first <= furthest.range.last) {
        const same = p.range.first === furthest.range.first && p.range.last === furthest.range.last;
        out.push(diag(p.at, same ? `pool ${formatRange(p.range)} is listed twice` : `pool ${formatRange(p.range)} overlaps pool ${formatRange(furthest.range)}`, same ? "remove one of them" : "merge the two pools or make them disjoint"));
      }
      if (!furthest || p.range.last > furthest.range.last) furthest = p;
      reach.push(furthest);
    }
    for (const r of s.dhcp.reservations) {
      const ip = formatIpv4(r.ip);
      const problem = placeIn(r.ip, s.subnet);
      if (problem !== undefined) {
        out.push(diag([...r.at, "ip"], `${reservationName(r)} (${ip}) on segment ${s.name} ${problem}`, `pick an address in ${formatRange(hosts)} outside the pools`));
        continue;
      }
      const pool = poolHolding(pools, reach, r.ip);
      if (pool) {
        out.push(diag([...r.at, "ip"], `${reservationName(r)} (${ip}) is inside pool ${formatRange(pool.range)}, which could hand the address to another client`, "pick an address outside every pool"));
      }
    }
  }
  return out;
}

/** The pool holding an address: the furthest-reaching pool among those starting at or before it. */
function poolHolding(pools: readonly Pool[], reach: readonly Pool[], address: number): Pool | undefined {
  let lo = 0;
  let hi = pools.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (pools[mid]!.range.first <= address) lo = mid + 1;
    else hi = mid;
  }
  const candidate = lo > 0 ? reach[lo - 1] : undefined;
  return candidate && candidate.range.last >= address ? candidate : undefined;
}

export function checkUniqueIdentifiers(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const macs = new Map<string, string>();
  const addresses = new Map<number, string>();
  const claim = <K>(map: Map<K, string>, key: K, owner: string, at: Path, what: "MAC" | "IP", shown: string) => {
    const first = map.get(key);
    if (first === undefined) {
      map.set(key, owner);
      return;
    }
    const fix = what === "MAC" ? `correct the MAC of ${owner}; a MAC belongs to one interface` : `give ${owner} an address of its own`;
    out.push(diag(at, `duplicate ${what} ${shown}: already used by ${first}`, fix));
  };
  for (const s of site.segments) claim(addresses, s.gateway, `the gateway of ${s.name}`, [...s.at, "gateway"], "IP", formatIpv4(s.gateway));
  for (const n of site.nodes) {
    for (const i of n.interfaces) {
      claim(macs, i.mac, `${n.hostname} on ${i.segment}`, [...i.at, "mac"], "MAC", i.mac);
      claim(addresses, i.address, `${n.hostname} on ${i.segment}`, [...i.at, "address"], "IP", formatIpv4(i.address));
    }
  }
  for (const s of site.segments) {
    for (const r of s.dhcp?.reservations ?? []) {
      const owner = `the ${reservationName(r)} on ${s.name}`;
      claim(macs, r.mac, owner, [...r.at, "mac"], "MAC", r.mac);
      claim(addresses, r.ip, owner, [...r.at, "ip"], "IP", formatIpv4(r.ip));
    }
  }
  return out;
}
