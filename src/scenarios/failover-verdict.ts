// What the continuous probes saw while a node went away, held to the bounds
// the site's timers give: one verdict per service, each with the measured
// outage, its bound, what went wrong (if anything) and a line a network
// engineer can read. Pure: timelines in, verdicts out.
import type { AttemptRecord, Timeline } from "../probe/index.ts";
import type { ProbeSnapshot, ProbeTimelines, DnsSample, LeaseSample, TimeSample } from "./continuous-probes.ts";
import { wholeSchedule } from "./continuous-probes.ts";
import { DHCP_CLIENT, STUB_RESOLVER } from "./client-models.ts";
import type { StubResolver } from "./client-models.ts";
import { dhcpBounds, dnsBound, ntpBound } from "./outage-bounds.ts";
import type { DhcpBounds, FailoverAction, HaTimers } from "./outage-bounds.ts";
import type { dhcp } from "../probe/index.ts";

/** The node acted on, its partner and the action. */
export interface FailoverCase {
  readonly node: string;
  readonly partner: string;
  readonly role: "primary" | "standby";
  readonly action: FailoverAction;
}

/** When the node could not serve: from the moment it was gone to the moment it was back (null: not back while probing). */
export interface AwayWindow {
  readonly fromMs: number;
  readonly toMs: number | null;
}

export interface LaneVerdict {
  readonly what: string;
  readonly outageMs: number;
  readonly boundMs: number;
  readonly problems: readonly string[];
  readonly summary: string;
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const at = (a: AttemptRecord): string => `at ${sec(a.startMs)}`;
const listed = (items: readonly string[], most = 5): string[] => (items.length > most ? [...items.slice(0, most), `… and ${items.length - most} more`] : [...items]);

/** The most a client started after its tick on the timeline's grid (ticks are k × interval from its start). */
export function startSlipMs(attempts: readonly AttemptRecord[], intervalMs: number): number {
  return Math.max(0, ...attempts.map((a) => a.startMs % intervalMs));
}

/** How long an exchange served at once took in this run: the median, so one slow exchange does not stretch the bounds. */
export function typicalExchangeMs(attempts: readonly AttemptRecord[]): number {
  const waits = attempts.filter((a) => a.ok && a.detail).map((a) => (a.detail as LeaseSample).waitMs).sort((a, b) => a - b);
  return waits.length === 0 ? 0 : waits[Math.floor((waits.length - 1) / 2)]!;
}

/** The HA state that says the partner has taken over, or (after a reboot) that the pair is whole again. */
function haSettled(states: Record<string, string>, c: FailoverCase): boolean {
  if (states[c.partner] === "partner-down") return true;
  return c.action === "reboot" && states[c.partner] === "hot-standby" && states[c.node] === "hot-standby";
}

/**
 * Recovery seen, plus a little: after `sinceMs` (the last action mark) Kea
 * HA has settled (the partner took over, or the rebooted node is back in
 * hot-standby), a new DHCP client that started after that was served at
 * once, and DNS and NTP have each answered an attempt started after the mark.
 */
export function recoverySeen(s: ProbeSnapshot, c: FailoverCase, sinceMs: number): boolean {
  const after = (lane: readonly AttemptRecord[] | undefined, from: number) => (lane ?? []).filter((a) => a.ok && a.startMs >= from);
  const settled = (s.lanes.ha ?? []).filter((a) => a.startMs >= sinceMs && a.ok && haSettled(a.detail as Record<string, string>, c)).sort((a, b) => a.startMs - b.startMs)[0];
  if (s.lanes.ha && !settled) return false;
  const from = settled?.startMs ?? sinceMs;
  if (s.lanes.dhcp && after(s.lanes.dhcp, from).length === 0) return false;
  return after(s.lanes.dns, sinceMs).length > 0 && after(s.lanes.ntp, sinceMs).length > 0;
}

/**
 * After planned reboots, recovery seen: every lane has an attempt that
 * started at or after `sinceMs` (the last mark: the pair ready again) and
 * was answered, a new DHCP client served at once among them. Until then an
 * outage the reboots caused may still be going on.
 */
export function pairRecovered(s: ProbeSnapshot, sinceMs: number): boolean {
  return (["dns", "ntp", "dhcp"] as const).every((lane) => s.lanes[lane] === undefined || s.lanes[lane].some((a) => a.ok && a.startMs >= sinceMs));
}

/** DNS: no query unanswered; who answered after the node went, and how slowly. */
export function dnsVerdict(t: Timeline, c: FailoverCase, away: AwayWindow, resolver: StubResolver = STUB_RESOLVER): LaneVerdict {
  const bound = dnsBound(resolver, 2);
  const failed = t.attempts.filter((a) => !a.ok);
  const answered = t.attempts.filter((a) => a.ok && a.startMs >= away.fromMs).map((a) => a.detail as DnsSample);
  const by = new Map<string, number>();
  for (const d of answered) by.set(d.server, (by.get(d.server) ?? 0) + 1);
  const slowest = Math.max(0, ...t.attempts.filter((a) => a.ok).map((a) => (a.detail as DnsSample).latencyMs));
  const who = [...by].map(([server, n]) => `${server} (${n})`).join(", ") || "nobody";
  return {
    what: "DNS",
    outageMs: t.analysis.longestOutageMs,
    boundMs: 0,
    problems: listed(failed.map((a) => `${at(a)}: ${a.error?.message ?? "failed"}`)),
    summary:
      `DNS: ${t.attempts.length} queries, ${failed.length === 0 ? "none" : failed.length} unanswered; after ${c.node} went answered by ${who}; ` +
      `slowest ${sec(slowest)} (${bound.why})`,
  };
}

/** NTP: no poll without time, and the client was seen to lose the node and keep time from the partner. */
export function ntpVerdict(t: Timeline, c: FailoverCase, away: AwayWindow): LaneVerdict {
  const failed = t.attempts.filter((a) => !a.ok);
  const moved = t.attempts.filter((a) => a.ok && a.startMs >= away.fromMs && !(a.detail as TimeSample).synchronised.includes(c.node));
  const problems = listed(failed.map((a) => `${at(a)}: ${a.error?.message ?? "failed"}`));
  if (moved.length === 0) problems.push(`no poll after ${c.node} went found it without time: the client never had to do without it`);
  const first = moved[0];
  return {
    what: "NTP",
    outageMs: t.analysis.longestOutageMs,
    boundMs: 0,
    problems,
    summary:
      `NTP: ${t.attempts.length} polls, ${failed.length === 0 ? "none" : failed.length} without time` +
      (first ? `; from ${sec(first.startMs)} ${c.node} served no time and the client kept it from ${(first.detail as TimeSample).server}` : "") +
      ` (${ntpBound().why})`,
  };
}

export interface DhcpVerdict {
  readonly bounds: DhcpBounds;
  /** New clients not served at once: the timeline's longest outage. */
  readonly service: LaneVerdict;
  /** The longest one client waited for its lease. */
  readonly wait: LaneVerdict;
  /** Leases granted by the node while it was away. */
  readonly source: LaneVerdict;
}

/**
 * DHCP: the longest run of clients not served at once and the longest
 * wait, each within its bound; every lease granted while the node was away
 * came from the partner.
 */
export function dhcpVerdict(
  t: Timeline,
  c: FailoverCase,
  away: AwayWindow,
  ha: HaTimers,
  options: { readonly startedAt: number; readonly retransmit?: dhcp.RetransmitPolicy } = { startedAt: 0 },
): DhcpVerdict {
  const retransmit = options.retransmit ?? DHCP_CLIENT;
  const samples = t.attempts.map((a) => ({ a, l: a.detail as LeaseSample | undefined }));
  const exchangeMs = typicalExchangeMs(t.attempts);
  const bounds = dhcpBounds(ha, c.action, c.role, { intervalMs: t.intervalMs, retransmit, exchangeMs, startSlipMs: startSlipMs(t.attempts, t.intervalMs) });

  const longest = t.analysis.longestOutage;
  const serviceProblems: string[] = [];
  if (longest?.ongoing) serviceProblems.push(`new clients were still not served at once when probing stopped (since ${sec(longest.startMs)})`);
  if (t.analysis.longestOutageMs > bounds.service.ms) serviceProblems.push(`new clients went unserved for ${sec(t.analysis.longestOutageMs)}, longer than the bound of ${sec(bounds.service.ms)}`);
  const service: LaneVerdict = {
    what: "DHCP",
    outageMs: t.analysis.longestOutageMs,
    boundMs: bounds.service.ms,
    problems: serviceProblems,
    summary:
      `DHCP: ${t.attempts.length} new clients, ${t.analysis.failures} not served at once` +
      (longest ? `, from ${sec(longest.startMs)} for ${sec(longest.durationMs)}` : "") +
      `; bound ${sec(bounds.service.ms)}: ${bounds.service.why.join("; ")}`,
  };

  const waitBound = bounds.clientWait?.ms ?? wholeSchedule(retransmit);
  const unbound = samples.filter((x) => !x.l || x.l.outcome !== "bound");
  const longestWait = Math.max(0, ...samples.map((x) => x.l?.waitMs ?? x.a.endMs - x.a.startMs));
  const waitProblems = listed(unbound.map((x) => `${at(x.a)}: client ${x.l?.mac ?? ""} got no lease (${x.l?.outcome ?? x.a.error?.message ?? "failed"})`));
  if (longestWait > waitBound) waitProblems.push(`a client waited ${sec(longestWait)} for its lease, longer than the bound of ${sec(waitBound)}`);
  const wait: LaneVerdict = {
    what: "DHCP client wait",
    outageMs: longestWait,
    boundMs: waitBound,
    problems: waitProblems,
    summary: `DHCP: the longest a client waited for its lease was ${sec(longestWait)}; bound ${sec(waitBound)}: ${bounds.clientWait?.why.join("; ") ?? "the client may give up"}`,
  };

  const until = away.toMs ?? Infinity;
  const during = samples.filter((x) => x.l?.boundAt !== undefined && x.l.boundAt - options.startedAt >= away.fromMs && x.l.boundAt - options.startedAt <= until);
  const wrong = during.filter((x) => x.l!.server !== c.partner);
  const servers = [...new Set(during.map((x) => x.l!.server))];
  const source: LaneVerdict = {
    what: "DHCP lease source",
    outageMs: 0,
    boundMs: 0,
    problems: listed(wrong.map((x) => `${at(x.a)}: client ${x.l!.mac} got ${x.l!.address} from ${x.l!.server}, not from ${c.partner}`)),
    summary:
      during.length === 0
        ? `DHCP: no client got a lease while ${c.node} was away`
        : `DHCP: ${during.length} client${during.length === 1 ? "" : "s"} got a lease while ${c.node} was away, from ${servers.join(", ")}`,
  };
  return { bounds, service, wait, source };
}

export interface FailoverVerdict {
  readonly dns: LaneVerdict;
  readonly ntp: LaneVerdict;
  readonly dhcp?: DhcpVerdict;
}

export function failoverVerdict(t: ProbeTimelines, c: FailoverCase, away: AwayWindow, ha: HaTimers): FailoverVerdict {
  const dns = dnsVerdict(t.lanes.dns!, c, away);
  const ntp = ntpVerdict(t.lanes.ntp!, c, away);
  return t.lanes.dhcp ? { dns, ntp, dhcp: dhcpVerdict(t.lanes.dhcp, c, away, ha, { startedAt: t.startedAt }) } : { dns, ntp };
}

/** The rows the scenario summary shows: what was measured against which bound. */
export function outageRows(v: FailoverVerdict): { what: string; outageMs: number; boundMs: number }[] {
  const lanes = [v.dns, v.ntp, ...(v.dhcp ? [v.dhcp.service, v.dhcp.wait] : [])];
  return lanes.map((l) => ({ what: l.what, outageMs: Math.round(l.outageMs), boundMs: Math.round(l.boundMs) }));
}

function answeredBy(t: Timeline): string {
  const by = new Map<string, number>();
  for (const a of t.attempts) {
    const server = (a.detail as { server?: unknown } | undefined)?.server;
    if (a.ok && typeof server === "string") by.set(server, (by.get(server) ?? 0) + 1);
  }
  return [...by].map(([server, count]) => `${server} (${count})`).join(", ") || "nobody";
}

function noneFailed(t: Timeline, what: string, unit: string, without: string): LaneVerdict {
  const failed = t.attempts.filter((a) => !a.ok);
  return {
    what,
    outageMs: t.analysis.longestOutageMs,
    boundMs: 0,
    problems: listed(failed.map((a) => `${at(a)}: ${a.error?.message ?? "failed"}`)),
    summary: `${what}: ${t.attempts.length} ${unit}, ${failed.length === 0 ? "none" : failed.length} ${without}; answered by ${answeredBy(t)}`,
  };
}

export interface PairVerdict {
  readonly dns?: LaneVerdict;
  readonly ntp?: LaneVerdict;
  readonly dhcp?: LaneVerdict;
}

/**
 * Across planned reboots of one node at a time (an upgrade, a rollback):
 * no DNS query unanswered and no NTP poll without time, so the pair was
 * never both down; new DHCP clients unserved no longer than a reboot of the
 * nodes that rebooted allows (the longest of their bounds).
 */
export function pairVerdict(t: ProbeTimelines, ha: HaTimers, rebooted: readonly ("primary" | "standby")[]): PairVerdict {
  const out: { dns?: LaneVerdict; ntp?: LaneVerdict; dhcp?: LaneVerdict } = {};
  if (t.lanes.dns) out.dns = noneFailed(t.lanes.dns, "DNS", "queries", "unanswered");
  if (t.lanes.ntp) out.ntp = noneFailed(t.lanes.ntp, "NTP", "polls", "without time");
  const d = t.lanes.dhcp;
  if (d) {
    const exchangeMs = typicalExchangeMs(d.attempts);
    const bounds = rebooted.map((role) => dhcpBounds(ha, "reboot", role, { intervalMs: d.intervalMs, retransmit: DHCP_CLIENT, exchangeMs, startSlipMs: startSlipMs(d.attempts, d.intervalMs) }).service);
    const bound = bounds.reduce<{ ms: number; why: readonly string[] } | undefined>((best, b) => (best === undefined || b.ms > best.ms ? b : best), undefined);
    const longest = d.analysis.longestOutage;
    const problems: string[] = [];
    if (longest?.ongoing) problems.push(`new clients were still not served at once when probing stopped (since ${sec(longest.startMs)})`);
    if (bound && d.analysis.longestOutageMs > bound.ms) problems.push(`new clients went unserved for ${sec(d.analysis.longestOutageMs)}, longer than a reboot allows (${sec(bound.ms)})`);
    out.dhcp = {
      what: "DHCP",
      outageMs: d.analysis.longestOutageMs,
      boundMs: bound?.ms ?? 0,
      problems,
      summary:
        `DHCP: ${d.attempts.length} new clients, ${d.analysis.failures} not served at once` +
        (longest ? `, longest run from ${sec(longest.startMs)} for ${sec(longest.durationMs)}` : "") +
        `; served by ${answeredBy(d)}` +
        (bound ? `; bound ${sec(bound.ms)}: ${bound.why.join("; ")}` : ""),
    };
  }
  return out;
}

/** The summary rows of a pair verdict. */
export function pairRows(v: PairVerdict): { what: string; outageMs: number; boundMs: number }[] {
  return [v.dns, v.ntp, v.dhcp].flatMap((l) => (l ? [{ what: l.what, outageMs: Math.round(l.outageMs), boundMs: Math.round(l.boundMs) }] : []));
}
