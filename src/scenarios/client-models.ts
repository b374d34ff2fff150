// The site's clients, as failover sees them: what each does when a server
// does not answer. An outage is what a client lives through, so the bounds
// follow the clients' own retry timelines, and the continuous probes behave
// like these clients.
import { dhcp } from "../probe/index.ts";
import type { ExpectedRrset } from "./dns-expectations.ts";
import { expectedRrsets } from "./dns-expectations.ts";
import { formatIpv4 } from "../site/index.ts";
import type { Node, Site } from "../site/index.ts";

/**
 * A stub resolver (glibc's, as resolv.conf(5) describes it): the name
 * servers in the order DHCP gave them, each asked in turn, the next one only
 * after `perServerTimeoutMs` without an answer from the one before (or at
 * once when it refuses). `timeout:5` is the default.
 */
export interface StubResolver {
  readonly perServerTimeoutMs: number;
}

export const STUB_RESOLVER: StubResolver = { perServerTimeoutMs: 5000 };

/**
 * A time client that knows every NTP server DHCP gave it and polls them all
 * (as chronyd and ntpd do with several `server` lines); it keeps time while
 * one of them serves synchronised time. A poll not answered within
 * `pollTimeoutMs` counts as lost.
 */
export interface TimeClient {
  readonly pollTimeoutMs: number;
}

export const TIME_CLIENT: TimeClient = { pollTimeoutMs: 2000 };

/** A DHCP client retransmits on RFC 2131's schedule: 4, 8, 16, 32, 64 s, each ±1 s. */
export const DHCP_CLIENT: dhcp.RetransmitPolicy = dhcp.RFC2131_RETRANSMIT;

/** One server a client knows: its address and, when it is one of the pair, the node's hostname. */
export interface KnownServer {
  readonly address: string;
  readonly node?: string;
}

/** What a client on a segment knows, from the site model: its servers, in DHCP's order, and a name to ask. */
export interface ClientView {
  readonly segment: string;
  readonly dnsServers: readonly KnownServer[];
  readonly ntpServers: readonly KnownServer[];
  /** The question the DNS probe asks, with the answer the site says it has. */
  readonly question: ExpectedRrset;
  /** The segment hands out leases. */
  readonly dhcp: boolean;
}

function nodeAt(site: Site, address: number): Node | undefined {
  return site.nodes.find((n) => n.interfaces.some((i) => i.address === address));
}

function known(site: Site, addresses: readonly number[]): KnownServer[] {
  return addresses.map((a) => {
    const node = nodeAt(site, a);
    return node ? { address: formatIpv4(a), node: node.hostname } : { address: formatIpv4(a) };
  });
}

/**
 * The view of a client on `segment`. Servers come from the segment's DHCP
 * options (what a client there is told); a segment without DHCP knows the
 * pair's addresses on it, primary first, as a statically configured host would.
 */
export function clientView(site: Site, segment: string): ClientView {
  const seg = site.segments.find((s) => s.name === segment);
  if (!seg) throw new Error(`site ${site.name} has no segment "${segment}"; it has ${site.segments.map((s) => s.name).join(", ")}`);
  const onSegment = site.nodes.flatMap((n) => n.interfaces.filter((i) => i.segment === segment).map((i) => i.address));
  const dnsServers = known(site, seg.dhcp?.options.dnsServers ?? onSegment);
  const ntpServers = known(site, seg.dhcp?.options.ntpServers ?? onSegment);
  return { segment, dnsServers, ntpServers, question: probeQuestion(site), dhcp: seg.dhcp !== undefined };
}

/**
 * The name the DNS probe keeps asking: the first address record the site
 * itself declares in its domain (a user's record, else a node's), so the
 * expected answer is the site's own and needs no upstream.
 */
export function probeQuestion(site: Site): ExpectedRrset {
  const sets = expectedRrsets(site).filter((s) => s.zone === site.domain && s.type === "A");
  const users = new Set(site.dns.zones.flatMap((z) => z.records.filter((r) => r.source === "record" && r.data.type === "A").map((r) => `${r.name}.`)));
  const question = sets.find((s) => users.has(s.name)) ?? sets[0];
  if (!question) throw new Error(`site ${site.name} has no address record in ${site.domain} for the DNS probe to ask`);
  return question;
}
