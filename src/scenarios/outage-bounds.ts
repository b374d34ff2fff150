// How long a client may go unserved when one node of the pair goes away:
// derived from the site's Kea HA timers and the clients' own retry
// timelines, never written down as a number. Every bound carries its
// reasoning (`why`), which the scenarios print next to the measurement.
//
// What the lab measured, and what this module encodes:
//
// - DHCP is served by one node at a time (hot-standby). When the node that
//   serves goes away, the partner takes over only once Kea HA declares it
//   down (partner-down). When the standby goes away, the primary does not
//   acknowledge a lease before the standby has acknowledged the lease update
//   (lease updates to a hot-standby partner are synchronous), so new clients
//   wait just the same until the primary declares the standby down.
// - Kea declares the partner down on a failed heartbeat once max-response-
//   delay has passed since it last heard from it (and, on a standby with
//   max-unacked-clients above 0, once enough clients went unanswered).
// - How fast a heartbeat fails depends on how the node went away. A node
//   that refuses (its control agent answers with an error, or its address
//   answers with a TCP reset) fails heartbeats at once, so the partner
//   decides within one heartbeat-delay after max-response-delay. A node that
//   is silent (crashed, powered off, cut off: its address answers nothing)
//   leaves each heartbeat hanging until Kea's HTTP client gives up, after
//   KEA_HA_REQUEST_TIMEOUT_MS, whatever the site's timers say. Measured on
//   small-office (heartbeat 1 s, max-response-delay 3 s): partner-down
//   10.0–10.8 s after a crash, a poweroff, or a cut, on either node; new
//   DHCP clients unserved for 10–11 s after a crash or a cut and 11–12 s
//   after a poweroff, on both fixtures.
// - A graceful poweroff or reboot stops the services first (the control
//   agent then refuses: heartbeats fail at once) and then releases the
//   node's address (silence). A refusing moment shorter than max-response-
//   delay does not end the partner's wait, it only delays the silent
//   heartbeat that does: graceful is, at worst, slower than a crash. The
//   lab's refusing moment lasted under a second.
// - A client asks again on its own schedule (RFC 2131: 4, 8, 16 … s, each
//   ±1 s), so a client that began during the outage waits until its first
//   retransmission after the takeover: longer than the outage itself.
// - When a rebooted node rejoins, its partner disables its DHCP service to
//   hand its leases over. On campus a client offered an address by the
//   partner 18 ms before that went unanswered for the rest of its
//   REQUEST's retransmissions: the rejoined node ignores a REQUEST that
//   names its partner (strandedWaitBound).
import type { Ha } from "../site/index.ts";
import type { dhcp } from "../probe/index.ts";
import type { StubResolver } from "./client-models.ts";

/**
 * The request timeout of Kea 2.2's HA hook for heartbeats and lease updates:
 * its HTTP client's default, which no configuration changes. The lab agrees:
 * partner-down came 10.0 s after a powered-off node's address went away,
 * with heartbeat-delay 1 s and max-response-delay 3 s.
 */
export const KEA_HA_REQUEST_TIMEOUT_MS = 10_000;

/** Kea HA stops (state terminated) when the partners' clocks differ by more than this. */
export const KEA_HA_MAX_CLOCK_SKEW_MS = 60_000;

/** The node actions failover is measured for. */
export type FailoverAction = "reboot" | "crash" | "poweroff" | "partition";

/**
 * How the partner experiences the node going away: it may refuse first
 * (services stopped, address still there: heartbeats fail at once), and it
 * may then be silent (address gone or cut off: heartbeats hang until the
 * request timeout).
 */
export interface PeerLoss {
  readonly refusesFirst: boolean;
  readonly thenSilent: boolean;
  readonly why: string;
}

export type HaTimers = Pick<Ha, "heartbeatDelay" | "maxResponseDelay" | "maxAckDelay" | "maxUnackedClients">;

export interface Bound {
  readonly ms: number;
  /** The reasoning, one sentence per step, with the numbers it used. */
  readonly why: readonly string[];
}

const s = (ms: number): string => `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;

/** How the partner sees the node go, for each action, and why. */
export function peerLoss(action: FailoverAction): PeerLoss {
  switch (action) {
    case "crash":
      return { refusesFirst: false, thenSilent: true, why: "a crashed node answers nothing: its services and its address are gone at once, no reset comes back" };
    case "partition":
      return { refusesFirst: false, thenSilent: true, why: "a node cut off its segment answers nothing: every frame is dropped" };
    case "poweroff":
      return { refusesFirst: true, thenSilent: true, why: "a node powering off refuses while its services stop, then its address goes silent" };
    case "reboot":
      return { refusesFirst: true, thenSilent: true, why: "a rebooting node refuses while its services stop, then is silent until it is back" };
  }
}

/**
 * Time from the node going away until its partner declares it down and
 * serves alone (Kea HA partner-down), at worst.
 *
 * Kea declares communication interrupted on the first failed heartbeat
 * that comes more than max-response-delay after the last success; after a
 * failure the next heartbeat leaves heartbeat-delay later. The worst case
 * is a node that goes right after a successful heartbeat:
 * - refusing: heartbeats fail at once, one every heartbeat-delay; the first
 *   past max-response-delay decides;
 * - silent: each hangs for the request timeout, one every heartbeat-delay +
 *   timeout; the first past max-response-delay decides;
 * - refusing, then silent: a refusing moment shorter than max-response-
 *   delay decides nothing, and the silent heartbeat that follows may leave
 *   just before it ends: max-response-delay + one silent cycle at worst (a
 *   longer refusing moment decides sooner, as refusing does).
 * With max-unacked-clients above 0 a standby also waits for that many
 * clients, plus one, to retry with a `secs` field above max-ack-delay; a
 * primary does not (it serves anyway).
 */
export function takeoverBound(
  ha: HaTimers,
  loss: Pick<PeerLoss, "refusesFirst" | "thenSilent">,
  survivor: "primary" | "standby",
  clients: { readonly intervalMs: number; readonly retransmit: dhcp.RetransmitPolicy },
): Bound {
  const silentCycle = ha.heartbeatDelay + KEA_HA_REQUEST_TIMEOUT_MS;
  const firstPast = (cycle: number): number => (Math.floor(ha.maxResponseDelay / cycle) + 1) * cycle;
  const why: string[] = [];
  let interrupted: number;
  if (loss.thenSilent) {
    why.push(`a heartbeat to a silent node hangs until Kea's HTTP request timeout (${s(KEA_HA_REQUEST_TIMEOUT_MS)}); the next leaves heartbeat-delay (${s(ha.heartbeatDelay)}) after: one every ${s(silentCycle)}`);
    if (loss.refusesFirst) {
      interrupted = ha.maxResponseDelay + silentCycle;
      why.push(`refusals shorter than max-response-delay (${s(ha.maxResponseDelay)}) decide nothing, and the silent heartbeat after them may leave just before it ends: at worst ${s(ha.maxResponseDelay)} + ${s(silentCycle)} = ${s(interrupted)}`);
    } else {
      interrupted = firstPast(silentCycle);
      why.push(`the first failure more than max-response-delay (${s(ha.maxResponseDelay)}) after the last success comes ${s(interrupted)} after the node went`);
    }
  } else {
    interrupted = firstPast(ha.heartbeatDelay);
    why.push(`heartbeats to a refusing node fail at once, one every heartbeat-delay (${s(ha.heartbeatDelay)}); the first more than max-response-delay (${s(ha.maxResponseDelay)}) after the last success comes ${s(interrupted)} after the node went`);
  }
  if (survivor === "primary" || ha.maxUnackedClients === 0) {
    why.push(survivor === "primary" ? "the primary then declares its standby down at once" : "with max-unacked-clients 0 the standby then declares its partner down at once");
    return { ms: interrupted, why };
  }
  const seen = unackedWait(ha, clients.intervalMs, clients.retransmit);
  if (seen === null) {
    why.push(`no client retransmission carries secs above max-ack-delay (${s(ha.maxAckDelay)}), so the standby never declares its partner down`);
    return { ms: Infinity, why };
  }
  why.push(`then ${ha.maxUnackedClients + 1} clients, one starting every ${s(clients.intervalMs)}, must retry with secs above max-ack-delay (${s(ha.maxAckDelay)}): ${s(seen)} more at most`);
  return { ms: interrupted + seen, why };
}

/** Until max-unacked-clients + 1 clients, started one per interval, have retransmitted with secs above max-ack-delay. */
function unackedWait(ha: HaTimers, intervalMs: number, policy: dhcp.RetransmitPolicy): number | null {
  const { earliest, latest } = sendTimes(policy);
  // The secs field counts whole seconds since the client began.
  const k = earliest.findIndex((t) => Math.floor(t / 1000) * 1000 > ha.maxAckDelay);
  if (k < 0) return null;
  return latest[k]! + ha.maxUnackedClients * intervalMs;
}

/**
 * A node back from a reboot before its partner took over walks Kea HA's
 * states waiting → syncing → ready → hot-standby before it serves: three
 * changes, each decided on a heartbeat, and one lease sync (one request for
 * the lab's few dozen leases), given one more heartbeat-delay.
 */
export function rejoinBound(ha: HaTimers): Bound {
  return { ms: 4 * ha.heartbeatDelay, why: [`a node back before its partner took over serves after waiting, syncing and ready: 3 heartbeats and a lease sync, 4 × heartbeat-delay = ${s(4 * ha.heartbeatDelay)}`] };
}

/**
 * Cumulative times of a client's transmissions after its first, at the
 * earliest and the latest the jitter allows (index 0 is the first, at 0).
 */
export function sendTimes(policy: dhcp.RetransmitPolicy): { earliest: number[]; latest: number[] } {
  const earliest = [0];
  const latest = [0];
  for (let i = 0; i < policy.tries - 1; i++) {
    const base = Math.min(policy.initialMs * 2 ** i, policy.maxMs);
    earliest.push(earliest[i]! + Math.max(0, base - policy.jitterMs));
    latest.push(latest[i]! + base + policy.jitterMs);
  }
  return { earliest, latest };
}

/** When a client gives up on an exchange at the latest: after its last transmission's wait, jitter included. */
export function scheduleEndMs(policy: dhcp.RetransmitPolicy): number {
  const { latest } = sendTimes(policy);
  return latest.at(-1)! + Math.min(policy.initialMs * 2 ** (policy.tries - 1), policy.maxMs) + policy.jitterMs;
}

/**
 * The longest a client may wait for its lease when the service is out for
 * `outageMs` from the moment it first asks: it is served by its first
 * transmission after the outage. At worst every earlier transmission fell
 * inside the outage (possible while the earliest it could be sent is still
 * inside), and that one comes as late as the jitter allows. `exchangeMs`
 * is what an exchange served at once takes (DISCOVER to ACK). null when
 * every transmission may fall inside: the client may give up.
 */
export function clientWaitBound(outageMs: number, policy: dhcp.RetransmitPolicy, exchangeMs: number): Bound | null {
  const { earliest, latest } = sendTimes(policy);
  const k = earliest.findIndex((t) => t >= outageMs);
  if (k < 0) return null;
  const schedule = latest.slice(1).map((t) => s(t)).join(", ");
  return {
    ms: latest[k]! + exchangeMs,
    why: [
      `a client that began as the service went retransmits at the latest ${schedule} after it began (RFC 2131 back-off with its jitter)`,
      k === 0
        ? "its first transmission already falls after the outage"
        : `its transmission ${k + 1} is the first that cannot fall inside the ${s(outageMs)} outage: at the latest ${s(latest[k]!)}, plus ${Math.round(exchangeMs)} ms for the exchange itself`,
    ],
  };
}

/**
 * A rebooted node that rejoins takes the service back from its partner:
 * the partner disables its own DHCP service to hand over its leases, then
 * stands by. A client the partner offered an address just before that
 * requests it from a server that no longer serves, and the rejoined node
 * ignores a REQUEST naming another server. That client is served only after
 * its REQUEST's whole retransmission schedule, back in INIT with a new
 * DISCOVER: at worst the rejoin comes at the end of the outage, the
 * schedule runs at its latest, and the new exchange is served at once.
 */
export function strandedWaitBound(outageMs: number, policy: dhcp.RetransmitPolicy, exchangeMs: number): Bound {
  const schedule = scheduleEndMs(policy);
  return {
    ms: outageMs + schedule + exchangeMs,
    why: [
      `a client offered an address by the partner just before the rejoined node took the service back (the partner disables its DHCP service to hand over its leases) requests it from a server that no longer serves; the rejoined node ignores a REQUEST naming another server`,
      `that client starts again with a new DISCOVER only after its REQUEST's whole retransmission schedule (${s(schedule)} at the latest): at worst ${s(outageMs)} + ${s(schedule)}, plus ${Math.round(exchangeMs)} ms for the new exchange`,
    ],
  };
}

export interface DhcpBounds {
  /** The partner's takeover after the node went away. */
  readonly takeover: Bound;
  /** How long new clients may go without a lease served at once: the DHCP timeline's outage. */
  readonly service: Bound;
  /** How long one client may wait from its first DISCOVER to its lease; null when it may give up. */
  readonly clientWait: Bound | null;
}

/**
 * The DHCP bounds for an action on the node with `role`. The service bound
 * adds the timeline's resolution: its outage ends at the start of the first
 * client served at once, which begins up to one probe interval after the
 * service is back, and begins with the first client not served at once,
 * which may have started up to one exchange before the node went. Clients
 * start on a grid, each a little after its tick when the machine is busy
 * (`startSlipMs`, the most the timeline recorded): the outage is a whole
 * number of ticks plus that slip.
 */
export function dhcpBounds(
  ha: HaTimers,
  action: FailoverAction,
  role: "primary" | "standby",
  clients: { readonly intervalMs: number; readonly retransmit: dhcp.RetransmitPolicy; readonly exchangeMs: number; readonly startSlipMs?: number },
): DhcpBounds {
  const loss = peerLoss(action);
  const survivor = role === "primary" ? "standby" : "primary";
  const taken = takeoverBound(ha, loss, survivor, clients);
  const takeover: Bound = {
    ms: taken.ms,
    why: [
      loss.why,
      role === "standby"
        ? "the primary withholds every acknowledgement until the standby confirms the lease update, so new clients wait until the primary declares the standby down"
        : "the standby serves only once it declares the primary down",
      ...taken.why,
    ],
  };
  const slip = clients.startSlipMs ?? 0;
  let outage = takeover;
  if (action === "reboot") {
    const rejoin = rejoinBound(ha);
    outage = { ms: takeover.ms + rejoin.ms, why: [...takeover.why, `if the node is back just before that, the takeover does not happen; ${rejoin.why[0]}`] };
  }
  const clientWait = clientWaitBound(outage.ms, clients.retransmit, clients.exchangeMs);
  return {
    takeover,
    service: {
      ms: outage.ms + clients.intervalMs + clients.exchangeMs + slip,
      why: [
        ...outage.why,
        `plus the timeline's resolution: one client every ${s(clients.intervalMs)}, and the ${Math.round(clients.exchangeMs)} ms of an exchange a client may have begun just before the node went`,
        ...(slip > 0 ? [`plus ${Math.round(slip)} ms, the most a client started after its tick: a takeover milliseconds past its timers moves the outage's end by a whole tick, and that client's start with it`] : []),
      ],
    },
    // Only a reboot hands the service back while clients are probing.
    clientWait: action === "reboot" ? longer(clientWait, strandedWaitBound(outage.ms, clients.retransmit, clients.exchangeMs)) : clientWait,
  };
}

function longer(a: Bound | null, b: Bound): Bound | null {
  return a === null ? null : a.ms >= b.ms ? a : b;
}

/**
 * DNS with one node gone: a stub resolver that knows both nodes asks the
 * other after its per-server timeout (at once on a refusal), so no query
 * goes unanswered; the slowest answer waits for that timeout once.
 */
export function dnsBound(resolver: StubResolver, servers: number): { failedQueries: 0; slowestMs: number; why: string } {
  return {
    failedQueries: 0,
    slowestMs: (servers - 1) * resolver.perServerTimeoutMs,
    why: `a stub resolver that knows ${servers} servers asks the next after ${s(resolver.perServerTimeoutMs)} without an answer: every query is answered while one server is up, the slowest after about ${s((servers - 1) * resolver.perServerTimeoutMs)}`,
  };
}

/** NTP with one node gone: a client that polls both keeps time from the other; no poll goes without time. */
export function ntpBound(): { failedPolls: 0; why: string } {
  return { failedPolls: 0, why: "a time client that polls both nodes keeps synchronised time from the one still up" };
}

/** How far to skew a node's clock to cross Kea HA's limit for sure: the limit plus half of it again. */
export function skewPastKeaLimitSeconds(): number {
  return (KEA_HA_MAX_CLOCK_SKEW_MS * 1.5) / 1000;
}
