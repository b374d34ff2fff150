// Continuous probes from one client on a segment, each on the timeline
// recorder, each behaving like a real client of the site:
//
// - DNS: a stub resolver that knows both nodes asks the first, then the
//   second after its per-server timeout; an attempt fails only when neither
//   answers (or the answer differs from the site);
// - NTP: a time client polls every server it knows; an attempt fails only
//   when none serves synchronised time;
// - DHCP: a new client (a fresh MAC) starts every interval and runs a whole
//   exchange on RFC 2131's retransmission schedule, then releases its lease
//   so the pool never fills. The attempt succeeds when the client was served
//   at once (no retransmission needed); one that had to retry fails even
//   when it got a lease in the end, and keeps its wait and its server.
//
// Optionally a fourth lane watches Kea HA's state on both nodes.
import { randomBytes } from "node:crypto";
import { analyseTimeline, startTimeline, systemClock } from "../probe/index.ts";
import type { AttemptRecord, Clock, DnsResult, NtpResult, Timeline, TimelineMark, TimelineRecorder, dhcp } from "../probe/index.ts";
import { DHCP_CLIENT, STUB_RESOLVER, TIME_CLIENT } from "./client-models.ts";
import type { ClientView, KnownServer, StubResolver, TimeClient } from "./client-models.ts";
import { compareRrset } from "./dns-expectations.ts";
import { scheduleEndMs } from "./outage-bounds.ts";
import type { ExpectedRrset } from "./dns-expectations.ts";

/** What the probes need of a probe agent (ProbeAgent has it). */
export interface Requester {
  request<T>(kind: string, params: unknown, timeoutMs: number, options?: { signal?: AbortSignal }): Promise<T>;
}

/** On top of a probe's own timeout, the time the agent may take to report it. */
export const AGENT_SLACK_MS = 1000;

const serverName = (s: KnownServer): string => s.node ?? s.address;

/** What one stub-resolver lookup saw: who answered, how fast, and who it had to skip. */
export interface DnsSample {
  readonly server: string;
  readonly latencyMs: number;
  readonly rcode: string;
  readonly data: readonly string[];
  readonly skipped: readonly { readonly server: string; readonly why: string }[];
}

/** One lookup as a stub resolver makes it: each server in turn until one answers. */
export async function stubResolve(
  agent: Requester,
  servers: readonly KnownServer[],
  question: ExpectedRrset,
  options: { resolver?: StubResolver; clock?: Clock; signal?: AbortSignal } = {},
): Promise<DnsSample & { mismatch?: string }> {
  const resolver = options.resolver ?? STUB_RESOLVER;
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const skipped: { server: string; why: string }[] = [];
  for (const server of servers) {
    try {
      const params = { server: server.address, name: question.name, type: question.type, transport: "udp", timeoutMs: resolver.perServerTimeoutMs };
      const r = await agent.request<DnsResult>("dns", params, resolver.perServerTimeoutMs + AGENT_SLACK_MS, options.signal ? { signal: options.signal } : {});
      // A stub resolver takes NOERROR and NXDOMAIN as answers; SERVFAIL and REFUSED send it to the next server.
      if (r.rcode === "NOERROR" || r.rcode === "NXDOMAIN") {
        const mismatch = r.rcode === "NOERROR" ? compareRrset(question, r.answers) : `${question.name} ${question.type}: NXDOMAIN`;
        const sample = { server: serverName(server), latencyMs: clock.now() - started, rcode: r.rcode, data: r.answers.filter((a) => a.type === question.type).map((a) => a.data), skipped };
        return mismatch ? { ...sample, mismatch } : sample;
      }
      skipped.push({ server: serverName(server), why: r.rcode });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      skipped.push({ server: serverName(server), why: reasonOf(error) });
    }
  }
  throw Object.assign(new Error(`no name server answered: ${skipped.map((x) => `${x.server} ${x.why}`).join(", ")}`), { reason: "unanswered" });
}

/** What one round of NTP polls saw: the server the client takes time from, and what each said. */
export interface TimeSample {
  readonly server: string;
  readonly offsetMs: number;
  readonly synchronised: readonly string[];
  readonly unsynchronised: readonly string[];
  readonly silent: readonly string[];
}

/**
 * Polls every server at once; the client takes time from the first one (in
 * its own order) that serves synchronised time.
 */
export async function pollTimeServers(agent: Requester, servers: readonly KnownServer[], options: { client?: TimeClient; signal?: AbortSignal } = {}): Promise<TimeSample> {
  const client = options.client ?? TIME_CLIENT;
  const polls = await Promise.allSettled(
    servers.map((s) => agent.request<NtpResult>("ntp", { server: s.address, timeoutMs: client.pollTimeoutMs }, client.pollTimeoutMs + AGENT_SLACK_MS, options.signal ? { signal: options.signal } : {})),
  );
  if (options.signal?.aborted) throw options.signal.reason as Error;
  const synchronised: string[] = [];
  const unsynchronised: string[] = [];
  const silent: string[] = [];
  let chosen: { server: string; offsetMs: number } | undefined;
  polls.forEach((p, i) => {
    const name = serverName(servers[i]!);
    if (p.status === "rejected") silent.push(name);
    else if (!p.value.synchronized) unsynchronised.push(`${name} (stratum ${p.value.stratum}, leap ${p.value.leap})`);
    else {
      synchronised.push(name);
      chosen ??= { server: name, offsetMs: p.value.offsetMs };
    }
  });
  if (!chosen) {
    const said = [...silent.map((x) => `${x} silent`), ...unsynchronised.map((x) => `${x} unsynchronised`)];
    throw Object.assign(new Error(`no synchronised time: ${said.join(", ")}`), { reason: "no-time" });
  }
  return { server: chosen.server, offsetMs: chosen.offsetMs, synchronised, unsynchronised, silent };
}

/** What one DHCP client lived through. */
export interface LeaseSample {
  readonly mac: string;
  readonly outcome: string;
  /** The server that granted the lease (node hostname when it is one of the pair). */
  readonly server?: string;
  readonly address?: string;
  /** Seconds, as the ACK granted it. */
  readonly leaseTime?: number;
  /** From its first DISCOVER to the ACK (or to giving up). */
  readonly waitMs: number;
  /** When the ACK came, by the clock the agent and the harness share (epoch ms). */
  readonly boundAt?: number;
  /** DISCOVERs and REQUESTs sent in all; 2 when served at once. */
  readonly transmissions: number;
  readonly atOnce: boolean;
}

interface LeaseJson {
  readonly outcome: string;
  readonly lease?: { readonly address: string; readonly serverId: string; readonly leaseTime?: number };
  readonly exchanges: readonly { readonly startedAt: number; readonly finishedAt: number; readonly attempts: readonly { readonly sentAt: number }[]; readonly replies: readonly { readonly receivedAt: number }[] }[];
}

/**
 * One new client: a whole DORA on the client's retransmission schedule,
 * then a release of what it got. Never aborted half-way: a client that
 * stops listening would leave its lease allocated (the release needs it).
 */
export async function leaseAndRelease(agent: Requester, mac: string, options: { retransmit?: dhcp.RetransmitPolicy; giveUpMs: number; nameOf?: (address: string) => string }): Promise<LeaseSample> {
  const plan = { mac, retransmit: options.retransmit ?? DHCP_CLIENT, operations: [{ op: "lease" }] };
  const reply = await agent.request<{ results: readonly { result: LeaseJson }[] }>("dhcp", plan, options.giveUpMs);
  const result = reply.results[0]!.result;
  const first = result.exchanges[0]?.attempts[0]?.sentAt ?? result.exchanges[0]?.startedAt ?? 0;
  const last = result.exchanges.at(-1);
  const transmissions = result.exchanges.reduce((n, e) => n + e.attempts.length, 0);
  const name = options.nameOf ?? ((a: string) => a);
  if (result.outcome === "bound" && result.lease && last) {
    const boundAt = last.replies[0]?.receivedAt ?? last.finishedAt;
    await agent.request("dhcp", { mac, operations: [{ op: "release", lease: { address: result.lease.address, serverId: result.lease.serverId } }] }, AGENT_SLACK_MS * 5);
    return {
      mac,
      outcome: "bound",
      server: name(result.lease.serverId),
      address: result.lease.address,
      ...(result.lease.leaseTime !== undefined ? { leaseTime: result.lease.leaseTime } : {}),
      waitMs: boundAt - first,
      boundAt,
      transmissions,
      atOnce: transmissions === result.exchanges.length,
    };
  }
  return { mac, outcome: result.outcome, waitMs: (last?.finishedAt ?? first) - first, transmissions, atOnce: false };
}

/** Locally administered unicast MACs, new for every client: 02:rr:rr then a counter. */
export function freshMacs(random: () => Buffer = () => randomBytes(2)): () => string {
  const prefix = [...random()].map((b) => b.toString(16).padStart(2, "0"));
  let n = 0;
  return () => {
    const i = n++;
    return ["02", ...prefix, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff].map((x) => (typeof x === "number" ? x.toString(16).padStart(2, "0") : x)).join(":");
  };
}

/** Kea HA's state on each node ("unreachable" when its control agent does not answer), keyed by hostname. */
export type HaObserver = (signal?: AbortSignal) => Promise<Record<string, string>>;

export interface ProbeIntervals {
  readonly dns: number;
  readonly ntp: number;
  readonly dhcp: number;
  readonly ha: number;
}

/**
 * Attempts start on fixed grids: DNS and NTP twice a second (the
 * resolution of their outages), a new DHCP client every second, HA twice a
 * second.
 */
export const PROBE_INTERVALS: ProbeIntervals = { dns: 500, ntp: 500, dhcp: 1000, ha: 500 };

export interface ContinuousProbeOptions {
  readonly agent: Requester;
  readonly view: ClientView;
  /** Names addresses (a lease's server id) as the site does: node hostnames. */
  readonly nameOf?: (address: string) => string;
  readonly clock?: Clock;
  readonly intervals?: Partial<ProbeIntervals>;
  readonly resolver?: StubResolver;
  readonly timeClient?: TimeClient;
  readonly retransmit?: dhcp.RetransmitPolicy;
  /** How long a DHCP client may take in all; the whole retransmission schedule by default. */
  readonly dhcpGiveUpMs?: number;
  /** Leave DHCP out (a segment without it, or a scenario that does not need it). */
  readonly dhcp?: boolean;
  /** Leave NTP out. */
  readonly ntp?: boolean;
  readonly observeHa?: HaObserver;
  readonly macs?: () => string;
}

export type Lane = "dns" | "ntp" | "dhcp" | "ha";

/** Every lane's attempts so far, on one time base (ms since the probes started). */
export interface ProbeSnapshot {
  readonly nowMs: number;
  readonly lanes: Partial<Record<Lane, readonly AttemptRecord[]>>;
  readonly marks: readonly TimelineMark[];
}

export interface ProbeTimelines {
  /** Epoch ms of the common time base; every lane's times count from it. */
  readonly startedAt: number;
  readonly view: ClientView;
  readonly lanes: Partial<Record<Lane, Timeline>>;
}

/** The client's whole retransmission schedule, at the latest, plus the agent's slack. */
export function wholeSchedule(policy: dhcp.RetransmitPolicy): number {
  return scheduleEndMs(policy) + AGENT_SLACK_MS;
}

export class ContinuousProbes implements AsyncDisposable {
  readonly view: ClientView;
  readonly #recorders: Partial<Record<Lane, TimelineRecorder<unknown>>> = {};
  readonly #clock: Clock;
  readonly #startedAt: number;
  readonly #marks: TimelineMark[] = [];
  #stopped: Promise<ProbeTimelines> | undefined;

  constructor(options: ContinuousProbeOptions) {
    this.view = options.view;
    this.#clock = options.clock ?? systemClock;
    const clock = this.#clock;
    const intervals = { ...PROBE_INTERVALS, ...options.intervals };
    const resolver = options.resolver ?? STUB_RESOLVER;
    const timeClient = options.timeClient ?? TIME_CLIENT;
    const retransmit = options.retransmit ?? DHCP_CLIENT;
    const { agent, view } = options;
    this.#startedAt = clock.now();
    const macs = options.macs ?? freshMacs();
    const dnsServers = view.dnsServers;
    this.#recorders.dns = startTimeline({
      name: "DNS",
      clock,
      intervalMs: intervals.dns,
      timeoutMs: dnsServers.length * (resolver.perServerTimeoutMs + AGENT_SLACK_MS),
      probe: (signal) => stubResolve(agent, dnsServers, view.question, { resolver, clock, signal }),
      describe: (v) => ({ server: v.server, latencyMs: Math.round(v.latencyMs), ...(v.skipped.length ? { skipped: v.skipped } : {}) }),
      judge: (v) => v.mismatch,
    }) as TimelineRecorder<unknown>;
    if (options.ntp !== false) {
      this.#recorders.ntp = startTimeline({
        name: "NTP",
        clock,
        intervalMs: intervals.ntp,
        timeoutMs: timeClient.pollTimeoutMs + AGENT_SLACK_MS * 2,
        probe: (signal) => pollTimeServers(agent, view.ntpServers, { client: timeClient, signal }),
        describe: (v) => v,
      }) as TimelineRecorder<unknown>;
    }
    if (options.dhcp !== false && view.dhcp) {
      const giveUpMs = options.dhcpGiveUpMs ?? wholeSchedule(retransmit);
      this.#recorders.dhcp = startTimeline({
        name: "DHCP",
        clock,
        intervalMs: intervals.dhcp,
        // The recorder's deadline only backs up the agent's: a client is let run its course.
        timeoutMs: giveUpMs + AGENT_SLACK_MS * 6,
        probe: () => leaseAndRelease(agent, macs(), { retransmit, giveUpMs, ...(options.nameOf ? { nameOf: options.nameOf } : {}) }),
        describe: (v) => v,
        judge: (v) =>
          v.outcome !== "bound"
            ? `no lease (${v.outcome}) after ${(v.waitMs / 1000).toFixed(1)} s`
            : v.atOnce
              ? undefined
              : `served only after ${v.transmissions} transmissions: ${(v.waitMs / 1000).toFixed(1)} s`,
      }) as TimelineRecorder<unknown>;
    }
    if (options.observeHa) {
      const observe = options.observeHa;
      this.#recorders.ha = startTimeline({ name: "Kea HA", clock, intervalMs: intervals.ha, timeoutMs: 5000, maxInFlight: 1, probe: (signal) => observe(signal) }) as TimelineRecorder<unknown>;
    }
  }

  /** Milliseconds on the common time base. */
  elapsed(): number {
    return this.#clock.now() - this.#startedAt;
  }

  /** Notes an event on every lane at once. */
  mark(label: string, data?: unknown): TimelineMark {
    for (const r of Object.values(this.#recorders)) r.mark(label, data);
    const mark: TimelineMark = data === undefined ? { label, atMs: this.elapsed() } : { label, atMs: this.elapsed(), data };
    this.#marks.push(mark);
    return mark;
  }

  /** Every lane's attempts so far, on the common time base. */
  snapshot(): ProbeSnapshot {
    const lanes: Partial<Record<Lane, readonly AttemptRecord[]>> = {};
    for (const [lane, r] of Object.entries(this.#recorders) as [Lane, TimelineRecorder<unknown>][]) {
      const shift = this.elapsed() - r.elapsed();
      lanes[lane] = shift === 0 ? r.attempts : r.attempts.map((a) => ({ ...a, startMs: a.startMs + shift, endMs: a.endMs + shift }));
    }
    return { nowMs: this.elapsed(), lanes, marks: [...this.#marks] };
  }

  /** Resolves true once `done` holds for a snapshot, false when `timeoutMs` passed first. */
  async until(done: (s: ProbeSnapshot) => boolean, options: { timeoutMs: number; pollMs?: number }): Promise<boolean> {
    const deadline = this.elapsed() + options.timeoutMs;
    for (;;) {
      if (done(this.snapshot())) return true;
      if (this.elapsed() >= deadline) return false;
      await this.#clock.sleep(options.pollMs ?? 200);
    }
  }

  /** Stops every lane (each waits for its attempts in flight) and returns the timelines. */
  stop(): Promise<ProbeTimelines> {
    this.#stopped ??= (async () => {
      const entries = await Promise.all(Object.entries(this.#recorders).map(async ([lane, r]) => [lane, onBase(await r.stop(), this.#startedAt)] as const));
      return { startedAt: this.#startedAt, view: this.view, lanes: Object.fromEntries(entries) };
    })();
    return this.#stopped;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/** A timeline moved onto another time base (its lanes started within a millisecond or so of each other). */
function onBase(t: Timeline, startedAt: number): Timeline {
  const shift = t.startedAt - startedAt;
  if (shift === 0) return t;
  const record = {
    ...t,
    startedAt,
    stoppedMs: t.stoppedMs + shift,
    attempts: t.attempts.map((a) => ({ ...a, startMs: a.startMs + shift, endMs: a.endMs + shift })),
    marks: t.marks.map((m) => ({ ...m, atMs: m.atMs + shift })),
  };
  return { ...record, analysis: analyseTimeline(record) };
}

function reasonOf(error: unknown): string {
  const e = error as { reason?: unknown; message?: unknown };
  return typeof e.reason === "string" ? e.reason : typeof e.message === "string" ? e.message : String(error);
}
