// What the pair's time service must show, from the site model: who may ask
// for time and at which address, which stratum an answer carries, how long
// chrony takes to notice a lost server, which node leads in orphan mode, and
// what `chronyc -c sources` says. Pure: the lab-facing part is ntp-checks.ts.
import { contains, formatIpv4 } from "../site/index.ts";
import type { Node, Segment, Site } from "../site/index.ts";
import type { NtpResult } from "../probe/index.ts";
import { REACH_BITS, maxPollSeconds, orphanTiming } from "../synth/index.ts";

/** The reference ID chrony sends while it serves its own clock (the `local` directive): 127.127.1.1. */
export const CHRONY_LOCAL_REFID = "127.127.1.1";

/**
 * How long a lab may wait for chrony to notice a lost upstream before a
 * scenario calls it too slow: a chrony poll of the site is at most 2^maxpoll s.
 */
export const QUICK_LOSS_LIMIT_MS = 120_000;

/** The longest interval between two polls of a server, in ms. */
export function maxPollMs(site: Site): number {
  return maxPollSeconds(site.ntp.poll) * 1000;
}

/** By when the pair serves the orphan arrangement after its upstreams stop answering (see orphanTiming). */
export function orphanSettleBoundMs(site: Site): number {
  return orphanTiming(site.ntp.poll).settleSeconds * 1000;
}

/**
 * Within how long every node counts a server that stopped answering as
 * unreachable. Its reachability register empties after REACH_BITS unanswered
 * polls, and chrony records a poll as unanswered when it sends the next one:
 * REACH_BITS + 1 polls after the last answer. chrony spreads the polls of its
 * sources (0.2 s apart, each up to 2 % late), which adds up to at most one
 * more poll on a site's few sources; the checker's own round needs one more.
 */
export function reachLossBoundMs(site: Site): number {
  return (REACH_BITS + 3) * maxPollMs(site);
}

/** True when a lab can watch chrony lose an upstream within QUICK_LOSS_LIMIT_MS. */
export function noticesLossQuickly(site: Site): boolean {
  return reachLossBoundMs(site) <= QUICK_LOSS_LIMIT_MS;
}

/** Whether `allow` covers a whole segment: it names the segment, or one of its networks holds the subnet. */
export function mayAskForTime(site: Site, segment: Segment): boolean {
  return site.ntp.allow.some(
    (a) => a.segment === segment.name || (a.cidr.prefix <= segment.subnet.prefix && contains(a.cidr, segment.subnet.network)),
  );
}

/** The segments whose clients the pair serves time (`allowed` true), or those it must not. */
export function timeSegments(site: Site, allowed: boolean): Segment[] {
  return site.segments.filter((s) => mayAskForTime(site, s) === allowed);
}

/** Whether a single address (the outsider's) falls in a network allowed to ask. */
export function addressMayAskForTime(site: Site, address: number): boolean {
  return site.ntp.allow.some((a) => contains(a.cidr, address));
}

/**
 * The node's address a client on the segment asks: its own address there,
 * or, for a segment it does not sit on, its first (the one the site hands
 * out for such segments).
 */
export function timeAddress(node: Node, segment?: string): string {
  const i = node.interfaces.find((x) => x.segment === segment) ?? node.interfaces[0]!;
  return formatIpv4(i.address);
}

/** The node's partner, as its chrony.conf names it (by its first address). */
export function partnerOf(site: Site, node: Node): Node {
  return site.nodes.find((n) => n !== node)!;
}

/**
 * Which node leads when both serve their own clock. In orphan mode chrony
 * follows a partner at the orphan stratum only when the partner's reference
 * ID (its address) is smaller than the address it reaches the partner from;
 * so the node with the lower address keeps its own clock and the other
 * takes its time, one stratum higher.
 */
export function orphanLeader(site: Site): Node {
  const [a, b] = site.nodes;
  return a.interfaces[0]!.address <= b.interfaces[0]!.address ? a : b;
}

/**
 * How far a served time may lie from the client's clock when both read the
 * same clock, as the lab's hosts do: half the round trip (the path could be
 * wholly one-sided), the error the server states about its own time (half
 * its root delay plus its root dispersion) and the server's precision.
 */
export function errorBoundMs(r: Pick<NtpResult, "delayMs" | "rootDelaySeconds" | "rootDispersionSeconds" | "precision">): number {
  return r.delayMs / 2 + (r.rootDelaySeconds / 2 + r.rootDispersionSeconds) * 1000 + 2 ** r.precision * 1000;
}

/** One line of `chronyc -n -c sources`. */
export interface ChronySource {
  /** ^ server, = peer, # reference clock. */
  readonly mode: string;
  /** * selected, + combined, - not combined, ? unreachable or unusable, x falseticker, ~ too variable. */
  readonly state: string;
  readonly address: string;
  readonly stratum: number;
  readonly poll: number;
  /** The reachability register, as a number (chronyc prints it in octal). */
  readonly reach: number;
}

export function parseChronySources(csv: string): ChronySource[] {
  return csv
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .map((line) => {
      const f = line.split(",");
      if (f.length < 6) throw new Error(`chronyc sources printed a line that is not a source: "${line}"`);
      return { mode: f[0]!, state: f[1]!, address: f[2]!, stratum: Number(f[3]), poll: Number(f[4]), reach: parseInt(f[5]!, 8) };
    });
}

/** The sources a node must list as reachable: every upstream of the site and its partner. */
export function expectedSources(site: Site, node: Node): string[] {
  return [...site.ntp.upstreams.map(formatIpv4), timeAddress(partnerOf(site, node))];
}

/** What is wrong with a node's sources when each of `addresses` must be listed and reachable (or, `reachable` false, unreachable). */
export function sourceProblems(node: string, sources: readonly ChronySource[], addresses: readonly string[], reachable: boolean): string[] {
  return addresses.flatMap((address) => {
    const s = sources.find((x) => x.address === address);
    if (!s) return [`${node}: chronyc does not list ${address} (it lists ${sources.map((x) => x.address).join(", ") || "nothing"})`];
    if (reachable && s.reach === 0) return [`${node}: ${address} has not answered any of the last ${REACH_BITS} polls`];
    if (reachable && (s.state === "?" || s.state === "x")) return [`${node}: ${address} is reachable but ${s.state === "x" ? "a falseticker" : "unusable"}`];
    if (!reachable && s.reach !== 0) return [`${node}: ${address} still answered one of the last ${REACH_BITS} polls (reach ${s.reach.toString(8)})`];
    return [];
  });
}

/** One time question: a client asked a node. */
export interface NtpAsk {
  readonly from: string;
  readonly node: Node;
  readonly server: string;
  readonly result?: NtpResult;
  readonly error?: string;
  /** Why the probe got no time: "timeout", "kiss-o-death"… */
  readonly reason?: string;
}

function where(a: NtpAsk): string {
  return `${a.node.hostname} (${a.server}) from ${a.from}`;
}

/** Answers that are not synchronised time at a wanted stratum (a number, or a test with its words). */
export function answerProblems(asks: readonly NtpAsk[], stratum: { readonly ok: (s: number, ask: NtpAsk) => boolean; readonly words: string }): string[] {
  if (asks.length === 0) return ["nobody asked"];
  return asks.flatMap((a) => {
    if (!a.result) return [`${where(a)}: no time (${a.error})`];
    const r = a.result;
    const out: string[] = [];
    if (r.leap !== "none" || !r.synchronized) out.push(`${where(a)}: not synchronised (leap ${r.leap})`);
    if (!stratum.ok(r.stratum, a)) out.push(`${where(a)}: stratum ${r.stratum}, not ${stratum.words} (reference ${r.referenceId})`);
    return out;
  });
}

/** Answers whose time lies farther from the client's clock than the answer's own error allows. */
export function offsetProblems(asks: readonly NtpAsk[]): string[] {
  return asks.flatMap((a) => {
    if (!a.result) return [];
    const bound = errorBoundMs(a.result);
    return Math.abs(a.result.offsetMs) <= bound ? [] : [`${where(a)}: offset ${a.result.offsetMs.toFixed(3)} ms, beyond the ±${bound.toFixed(3)} ms the answer allows`];
  });
}

/** Questions that got any answer at all: a refused client must get neither time nor a kiss-o'-death. */
export function answeredProblems(asks: readonly NtpAsk[]): string[] {
  if (asks.length === 0) return ["nobody asked"];
  return asks.flatMap((a) => {
    if (a.result) return [`${where(a)}: served stratum ${a.result.stratum} time`];
    if (a.reason !== "timeout") return [`${where(a)}: ${a.reason ?? "failed"}, not silence (${a.error})`];
    return [];
  });
}

/**
 * The orphan arrangement a client sees: the leader serves its own clock at
 * the orphan stratum; its partner serves the leader's time one stratum higher.
 */
export function orphanProblems(site: Site, asks: readonly NtpAsk[]): string[] {
  const leader = orphanLeader(site);
  const out: string[] = [];
  for (const a of asks) {
    if (!a.result) {
      out.push(`${where(a)}: no time (${a.error})`);
      continue;
    }
    const r = a.result;
    const [stratum, reference] = a.node === leader ? [site.ntp.orphanStratum, CHRONY_LOCAL_REFID] : [site.ntp.orphanStratum + 1, timeAddress(leader)];
    if (r.stratum !== stratum || r.referenceId !== reference) {
      out.push(`${where(a)}: stratum ${r.stratum} from ${r.referenceId}, not stratum ${stratum} from ${reference === CHRONY_LOCAL_REFID ? "its own clock" : reference}`);
    }
    if (r.leap !== "none") out.push(`${where(a)}: leap ${r.leap}`);
  }
  return out;
}
