// Can every client reach the services the site tells it to use? A segment
// needs a DHCP path to the pair, and the networks the pair answers for DNS
// and NTP must cover every client that DHCP points at the pair.
import type { Diagnostic } from "../diagnostic.ts";
import { diag } from "../diagnostic.ts";
import { broadcastOf, contains, formatIpv4 } from "../ip.ts";
import type { NetworkRef, Segment, Site } from "../model.ts";

export function checkDhcpPath(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const attached = new Set(site.nodes.flatMap((n) => n.interfaces.map((i) => i.segment)));
  for (const s of site.segments) {
    if (!s.dhcp || s.relayed || attached.has(s.name)) continue;
    out.push(diag([...s.at, "name"], `segment ${s.name} serves DHCP but has no path to the pair: neither node has an address on it and it is not relayed`, `set \`relayed: true\` (its gateway ${formatIpv4(s.gateway)} relays to the pair) or give both nodes an address on it`));
  }
  for (const s of site.segments) {
    if (!s.relayed) continue;
    if (attached.size === 0) out.push(diag([...s.at, "relayed"], `segment ${s.name} is relayed but the pair sits on no segment to relay to`, "give the nodes an address on a segment that is not relayed"));
  }
  for (const n of site.nodes) {
    for (const other of site.segments.filter((s) => !s.relayed && s.dhcp && !n.interfaces.some((i) => i.segment === s.name))) {
      if (n.interfaces.length === 0) continue;
      out.push(diag([...n.at, "interfaces"], `${n.hostname} has no address on segment ${other.name}, which its partner serves directly`, `give ${n.hostname} an address on ${other.name} too, or mark ${other.name} relayed`));
    }
  }
  return out;
}

function covered(refs: readonly NetworkRef[], s: Segment): boolean {
  return refs.some((r) => contains(r.cidr, s.subnet.network) && contains(r.cidr, broadcastOf(s.subnet)));
}

/** A DHCP client told to use the pair for a service must be allowed to use it. */
export function checkServiceAccess(site: Site): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pair = new Set(site.nodes.flatMap((n) => n.interfaces.map((i) => i.address)));
  for (const s of site.segments) {
    if (!s.dhcp) continue;
    if (s.dhcp.options.ntpServers.some((a) => pair.has(a)) && !covered(site.ntp.allow, s)) {
      out.push(diag(["ntp", "allow"], `NTP allow does not cover segment ${s.name} (${s.subnet.text}), whose DHCP clients are told to use the pair for time`, `add "${s.name}" to ntp.allow, or set ntp-servers in ${s.name}'s DHCP options to servers it may use`));
    }
    if (s.dhcp.options.dnsServers.some((a) => pair.has(a)) && !covered(site.dns.allowQuery, s)) {
      out.push(diag(["dns", "allow-query"], `DNS allow-query does not cover segment ${s.name} (${s.subnet.text}), whose DHCP clients are told to use the pair as resolver`, `add "${s.name}" to dns.allow-query, or set dns-servers in ${s.name}'s DHCP options to resolvers it may use`));
    }
    for (const [i, r] of s.dhcp.options.routers.entries()) {
      if (!contains(s.subnet, r)) out.push(diag([...s.dhcp.at, "options", "routers", i], `router ${formatIpv4(r)} is outside segment ${s.name} (${s.subnet.text})`, "a router option must be on the client's own subnet"));
    }
  }
  return out;
}

/** The pair syncs with each other by itself; an upstream that is the pair would loop. */
export function checkNtpUpstreams(site: Site): Diagnostic[] {
  const pair = new Set(site.nodes.flatMap((n) => n.interfaces.map((i) => i.address)));
  const out = site.ntp.upstreams.flatMap((u, i) =>
    pair.has(u) ? [diag(["ntp", "upstreams", i], `upstream ${formatIpv4(u)} is one of the pair`, "list the site's upstream time servers; each node adds its partner by itself")] : [],
  );
  if (site.ntp.poll && site.ntp.poll.min > site.ntp.poll.max) {
    out.push(diag(["ntp", "poll"], `poll min ${site.ntp.poll.min} is above max ${site.ntp.poll.max}`, "set min at or below max"));
  }
  return out;
}
