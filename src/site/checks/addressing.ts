// Address-plan checks: subnets, gateways, node addresses, pools, reservations,
// and identifiers that must be unique (MACs, addresses).
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import { broadcastOf, contains, formatIpv4, formatRange, hostRange, overlaps, rangeInside } from "../ip.ts";
import type { Path, Site } from "../model.ts";

export function checkSegments(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Map<string, Path>();
  for (const s of site.segments) {
    const first = byName.get(s.name);
    if (first) out.push(diag([...s.at, "name"], `segment name "${s.name}" is used twice`, "give every segment its own name"));
    else byName.set(s.name, s.at);
  }
  // Sorted by start, an overlap can only be with a neighbour still open.
  const sorted = [...site.segments].sort((a, b) => a.subnet.network - b.subnet.network || a.index - b.index);
  let open = sorted[0];
  for (const s of sorted.slice(1)) {
    if (open && overlaps(open.subnet, s.subnet)) {
      out.push(diag([...s.at, "subnet"], `subnet ${s.subnet.text} of segment ${s.name} overlaps ${open.subnet.text} of segment ${open.name}`, "give each segment its own, non-overlapping network"));
    }
    if (!open || broadcastOf(s.subnet) > broadcastOf(open.subnet)) open = s;
  }
  for (const s of site.segments) {
    const hosts = hostRange(s.subnet);
    if (!contains(s.subnet, s.gateway)) {
      out.push(diag([...s.at, "gateway"], `gateway ${formatIpv4(s.gateway)} is outside subnet ${s.subnet.text}`, `pick an address in ${formatRange(hosts)}`));
    } else if (s.gateway < hosts.first || s.gateway > hosts.last) {
      out.push(diag([...s.at, "gateway"], `gateway ${formatIpv4(s.gateway)} is the network or broadcast address of ${s.subnet.text}`, `pick an address in ${formatRange(hosts)}`));
    }
  }
  return out;
}

export function checkNodes(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const [primary, standby] = site.nodes;
  if (primary.hostname === standby.hostname) {
    out.push(diag([...standby.at, "hostname"], `both nodes are called "${standby.hostname}"`, "give the standby its own hostname"));
  }
  for (const node of site.nodes) {
    if (node.interfaces.length === 0) {
      out.push(diag([...node.at, "interfaces"], `node ${node.hostname} has no interface`, "give it an address on the segment it serves, e.g. `lan: {mac: ..., address: ...}`"));
    }
    for (const i of node.interfaces) {
      const segment = site.segments.find((s) => s.name === i.segment);
      if (!segment) continue;
      if (segment.relayed) {
        out.push(diag([...i.at], `node ${node.hostname} has an address on segment ${segment.name}, which is marked relayed`, "a relayed segment is reached through its gateway; remove the interface or drop `relayed: true`"));
        continue;
      }
      const hosts = hostRange(segment.subnet);
      if (!contains(segment.subnet, i.address) || i.address < hosts.first || i.address > hosts.last) {
        out.push(diag([...i.at, "address"], `address ${formatIpv4(i.address)} of ${node.hostname} is outside segment ${segment.name} (${segment.subnet.text})`, `pick an address in ${formatRange(hosts)}`));
      }
    }
  }
  return out;
}

export function checkPoolsAndReservations(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const nodeAddresses = new Map<number, string>();
  for (const n of site.nodes) for (const i of n.interfaces) nodeAddresses.set(i.address, n.hostname);
  for (const s of site.segments) {
    if (!s.dhcp) continue;
    const hosts = hostRange(s.subnet);
    const pools = [...s.dhcp.pools].sort((a, b) => a.range.first - b.range.first);
    for (const [i, p] of pools.entries()) {
      const text = formatRange(p.range);
      if (!rangeInside(p.range, s.subnet) || p.range.first < hosts.first || p.range.last > hosts.last) {
        out.push(diag(p.at, `pool ${text} is outside subnet ${s.subnet.text}`, `make the pool fit inside ${formatRange(hosts)}`));
        continue;
      }
      const next = pools[i + 1];
      if (next && next.range.first <= p.range.last) {
        out.push(diag(next.at, `pool ${formatRange(next.range)} overlaps pool ${text}`, "merge the pools or make them disjoint"));
      }
      if (s.gateway >= p.range.first && s.gateway <= p.range.last) {
        out.push(diag(p.at, `pool ${text} contains the gateway ${formatIpv4(s.gateway)}`, "start the pool after the gateway or end it before"));
      }
      for (const [address, host] of nodeAddresses) {
        if (address >= p.range.first && address <= p.range.last) {
          out.push(diag(p.at, `pool ${text} contains ${host}'s address ${formatIpv4(address)}`, "keep the pair's addresses out of every pool"));
        }
      }
    }
    for (const r of s.dhcp.reservations) {
      const ip = formatIpv4(r.ip);
      if (!contains(s.subnet, r.ip) || r.ip < hosts.first || r.ip > hosts.last) {
        out.push(diag([...r.at, "ip"], `reservation ${ip} for ${r.mac} is outside subnet ${s.subnet.text}`, `pick an address in ${formatRange(hosts)}`));
        continue;
      }
      const pool = pools.find((p) => r.ip >= p.range.first && r.ip <= p.range.last);
      if (pool) {
        out.push(diag([...r.at, "ip"], `reservation ${ip} for ${r.mac} is inside pool ${formatRange(pool.range)}, which could hand it to another client`, "pick an address outside every pool"));
      }
    }
  }
  return out;
}

export function checkUniqueIdentifiers(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const macs = new Map<string, string>();
  const addresses = new Map<number, string>();
  const claim = <K>(map: Map<K, string>, key: K, owner: string, at: Path, what: string, shown: string) => {
    const first = map.get(key);
    if (first !== undefined) out.push(diag(at, `duplicate ${what} ${shown}: used by ${first} and by ${owner}`, `give ${owner} its own ${what}`));
    else map.set(key, owner);
  };
  for (const s of site.segments) claim(addresses, s.gateway, `the gateway of ${s.name}`, [...s.at, "gateway"], "IP", formatIpv4(s.gateway));
  for (const n of site.nodes) {
    for (const i of n.interfaces) {
      claim(macs, i.mac, `${n.hostname} (${i.segment})`, [...i.at, "mac"], "MAC", i.mac);
      claim(addresses, i.address, n.hostname, [...i.at, "address"], "IP", formatIpv4(i.address));
    }
  }
  for (const s of site.segments) {
    for (const r of s.dhcp?.reservations ?? []) {
      const owner = `the reservation ${r.hostname ?? r.mac} on ${s.name}`;
      claim(macs, r.mac, owner, [...r.at, "mac"], "MAC", r.mac);
      claim(addresses, r.ip, owner, [...r.at, "ip"], "IP", formatIpv4(r.ip));
    }
  }
  return out;
}
