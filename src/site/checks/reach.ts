// Can every client reach the services the site tells it to use? A segment
// needs a DHCP path to the pair, and the networks the pair answers for DNS
// and NTP must cover every client that DHCP points at the pair.
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import { broadcastOf, contains, formatIpv4 } from "../ip.ts";
import type { NetworkRef, Segment, Site } from "../model.ts";
import type { CheckContext } from "./context.ts";
import { ANY } from "./unsure.ts";

export function checkDhcpPath(site: Site, context: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { unsure } = context;
  const interfacesInDoubt = unsure.touches(["pair", ANY, "interfaces"]);
  const attached = new Set(site.nodes.flatMap((n) => n.interfaces.map((i) => i.segment)));
  for (const s of site.segments) {
    if (!s.dhcp || s.relayed || attached.has(s.name)) continue;
    if (interfacesInDoubt || unsure.touches([...s.at, "relayed"])) continue;
    out.push(diag([...s.at, "name"], `segment ${s.name} serves DHCP but has no path to the pair: neither node has an interface on it and it is not relayed`, `set \`relayed: true\` if its gateway ${formatIpv4(s.gateway)} relays DHCP to the pair, or give both nodes an interface on it`));
  }
  if (attached.size === 0 && !interfacesInDoubt) {
    for (const s of site.segments) {
      if (s.relayed) out.push(diag([...s.at, "relayed"], `segment ${s.name} is relayed but the pair has an interface on no segment to relay to`, "give the nodes an interface on a segment that is not relayed"));
    }
  }
  for (const n of site.nodes) {
    if (n.interfaces.length === 0 || unsure.touches([...n.at, "interfaces"])) continue;
    const own = new Set(n.interfaces.map((i) => i.segment));
    for (const s of site.segments) {
      if (s.relayed || !s.dhcp || own.has(s.name) || !attached.has(s.name) || unsure.touches([...s.at, "relayed"])) continue;
      out.push(diag([...n.at, "interfaces"], `${n.hostname} has no interface on segment ${s.name}, which its partner serves directly`, `give ${n.hostname} an interface on ${s.name} too, or mark ${s.name} relayed`));
    }
  }
  return out;
}

/** The networks a list names, merged into disjoint ranges so that coverage is one binary search. */
class Coverage {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(refs: readonly NetworkRef[]) {
    const ranges = refs.map((r) => ({ first: r.cidr.network, last: broadcastOf(r.cidr) })).sort((a, b) => a.first - b.first);
    for (const r of ranges) {
      const last = this.ends.length - 1;
      if (last >= 0 && r.first <= this.ends[last]! + 1) this.ends[last] = Math.max(this.ends[last]!, r.last);
      else {
        this.starts.push(r.first);
        this.ends.push(r.last);
      }
    }
  }

  covers(s: Segment): boolean {
    const first = s.subnet.network;
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= first) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.ends[lo - 1]! >= broadcastOf(s.subnet);
  }
}

/** A DHCP client told to use the pair for a service must be allowed to use it. */
export function checkServiceAccess(site: Site, context: CheckContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { unsure } = context;
  const pair = new Set(site.nodes.flatMap((n) => n.interfaces.map((i) => i.address)));
  const ntp = new Coverage(site.ntp.allow);
  const dns = new Coverage(site.dns.allowQuery);
  const ntpInDoubt = unsure.touches(["ntp", "allow"]);
  const dnsInDoubt = unsure.touches(["dns", "allow-query"]);
  for (const s of site.segments) {
    if (!s.dhcp) continue;
    const options = [...s.dhcp.at, "options"];
    if (!ntpInDoubt && !unsure.touches([...options, "ntp-servers"]) && s.dhcp.options.ntpServers.some((a) => pair.has(a)) && !ntp.covers(s)) {
      out.push(diag(["ntp", "allow"], `ntp.allow does not cover segment ${s.name} (${s.subnet.text}), whose DHCP clients are told to use the pair for time`, `add ${s.name} to ntp.allow, or set ntp-servers in the DHCP options of ${s.name} to servers its clients may use`));
    }
    if (!dnsInDoubt && !unsure.touches([...options, "dns-servers"]) && s.dhcp.options.dnsServers.some((a) => pair.has(a)) && !dns.covers(s)) {
      out.push(diag(["dns", "allow-query"], `dns.allow-query does not cover segment ${s.name} (${s.subnet.text}), whose DHCP clients are told to use the pair as resolver`, `add ${s.name} to dns.allow-query, or set dns-servers in the DHCP options of ${s.name} to resolvers its clients may use`));
    }
    for (const [i, r] of s.dhcp.options.routers.entries()) {
      // The gateway is the default router and is reported as a gateway already.
      if (r !== s.gateway && !contains(s.subnet, r)) out.push(diag([...options, "routers", i], `router ${formatIpv4(r)} is outside segment ${s.name} (${s.subnet.text})`, "a router option must be on the client's own subnet"));
    }
  }
  return out;
}

/** The pair syncs with each other by itself; an upstream that is the pair would loop. */
export function checkNtpUpstreams(site: Site, context: CheckContext): Diagnostic[] {
  if (context.unsure.touches(["ntp", "upstreams"])) return [];
  const own = new Map(site.nodes.flatMap((n) => n.interfaces.map((i) => [i.address, n.hostname] as const)));
  const out = site.ntp.upstreams.flatMap((u, i) => {
    const node = own.get(u);
    return node === undefined ? [] : [diag(["ntp", "upstreams", i], `upstream ${formatIpv4(u)} is ${node}'s own address`, "list the site's upstream time servers; each node adds its partner by itself")];
  });
  if (site.ntp.poll && site.ntp.poll.min > site.ntp.poll.max) {
    out.push(diag(["ntp", "poll", "min"], `poll min ${site.ntp.poll.min} is above max ${site.ntp.poll.max}`, "set min at or below max (both are powers of two in seconds)"));
  }
  return out;
}
