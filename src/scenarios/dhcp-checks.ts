// DHCP checks the scenarios run: clients on the site's segments (relayed ones
// included) lease, renew and release through our probe, udhcpc and perfdhcp
// run in the same client containers as independent clients, and the pair's
// lease records are read through Kea's control agent.
import type { Lab, LabProbes } from "../lab/index.ts";
import { execIn } from "../lab/index.ts";
import type { Reservation, Segment, Site } from "../site/index.ts";
import { dhcp } from "../probe/index.ts";
import {
  FILL_MAC_PREFIX,
  UDHCPC_REQUESTS,
  dhcpSegments,
  keaExpiry,
  leasedInPools,
  newClientMac,
  nodeWithAddress,
  parseEnvironment,
  perfdhcpAcks,
  poolSize,
} from "./dhcp-expectations.ts";
import type { BootClient, KeaLease, LeaseJson, LeaseResultJson, PlanReplyJson, RequestResultJson } from "./dhcp-expectations.ts";
import { deleteKeaLeases, keaLease, keaLeases } from "./kea-leases.ts";
import { within } from "./within.ts";

/** One client's attempt at a lease on a segment. */
export interface SegmentLease {
  readonly segment: Segment;
  readonly mac: string;
  readonly result?: LeaseResultJson;
  readonly error?: string;
  readonly reservation?: Reservation;
  readonly boot?: BootClient;
}

/** A client's lease, its renewal and the pair's records around them. */
export interface Renewal {
  readonly segment: Segment;
  readonly lease?: LeaseJson;
  readonly renewal?: RequestResultJson;
  /** When the serving node's record of the lease ran out, before and after the renewal (Unix s). */
  readonly expiry?: { readonly before?: number; readonly after?: number };
  /** Nodes still holding the lease once the client released it. */
  readonly heldAfterRelease: readonly string[];
  readonly error?: string;
}

/** A pool perfdhcp filled: which segment, what it reported, how full the pool ended. */
export interface PoolFill {
  readonly segment: Segment;
  readonly reports: readonly string[];
  readonly leased: number;
  readonly size: number;
}

/** What the DHCP steps asked and saw in one scenario, and what they must undo. */
export interface DhcpScenario {
  leases?: SegmentLease[];
  renewals?: Renewal[];
  fill?: PoolFill;
  /** udhcpc's script environment per segment name. */
  udhcpc?: Map<string, Map<string, string>>;
}

/** How long a new client waits for a lease: RFC 2131 timing, a few tries. */
const PATIENT = { tries: 4 } as const;
/** A client that gives up soon: for a pool that is expected to say nothing. */
export const IMPATIENT = { initialMs: 1000, maxMs: 2000, jitterMs: 0, tries: 3 } as const;

function planTimeoutMs(retransmit: Partial<dhcp.RetransmitPolicy>): number {
  const p = { ...dhcp.RFC2131_RETRANSMIT, ...retransmit };
  let total = 0;
  for (let i = 0; i < p.tries; i++) total += Math.min(p.initialMs * 2 ** i, p.maxMs) + p.jitterMs;
  // DISCOVER and REQUEST each may use the whole schedule.
  return 2 * total + 5000;
}

async function runPlan(probes: LabProbes, segment: string, plan: dhcp.ProbePlan): Promise<PlanReplyJson> {
  const agent = await probes.on(segment);
  return agent.request<PlanReplyJson>("dhcp", plan, planTimeoutMs(plan.retransmit ?? {}));
}

/**
 * A client takes a lease on the segment and, if it got one, releases it
 * again so the pool is as it was.
 */
export async function leaseOnce(
  probes: LabProbes,
  segment: Segment,
  options: { mac?: string; send?: readonly dhcp.OptionJson[]; retransmit?: Partial<dhcp.RetransmitPolicy>; reservation?: Reservation; boot?: BootClient } = {},
): Promise<SegmentLease> {
  const mac = options.mac ?? newClientMac();
  const base = { segment, mac, ...(options.reservation ? { reservation: options.reservation } : {}), ...(options.boot ? { boot: options.boot } : {}) };
  const client = { mac, retransmit: options.retransmit ?? PATIENT, ...(options.send ? { options: options.send } : {}) };
  try {
    const reply = await runPlan(probes, segment.name, { ...client, operations: [{ op: "lease" }] });
    const result = reply.results[0]!.result as LeaseResultJson;
    if (result.lease) await runPlan(probes, segment.name, { ...client, operations: [{ op: "release", lease: { address: result.lease.address, serverId: result.lease.serverId } }] });
    return { ...base, result };
  } catch (error) {
    return { ...base, error: (error as Error).message };
  }
}

/** A new client on each segment that serves DHCP. */
export async function newClientsEverywhere(probes: LabProbes, site: Site): Promise<SegmentLease[]> {
  return Promise.all(dhcpSegments(site).map((s) => leaseOnce(probes, s)));
}

/** Each machine with a reservation, on its segment, with its own hardware address. */
export async function reservedClients(probes: LabProbes, site: Site): Promise<SegmentLease[]> {
  return Promise.all(dhcpSegments(site).flatMap((s) => s.dhcp!.reservations.map((r) => leaseOnce(probes, s, { mac: r.mac, reservation: r }))));
}

/** What network-booting clients send: PXE firmware on BIOS, and iPXE (which says so in its user class) chainloaded by it. */
const BOOT_OPTIONS: Record<BootClient, readonly dhcp.OptionJson[]> = {
  bios: [
    { name: "vendor-class-identifier", value: "PXEClient:Arch:00000:UNDI:002001" },
    { name: "client-system", value: [0] },
  ],
  ipxe: [
    { name: "vendor-class-identifier", value: "PXEClient:Arch:00000:UNDI:002001" },
    { name: "client-system", value: [0] },
    { name: "user-class", value: { format: "raw", text: "iPXE" } },
  ],
};

export async function bootClients(probes: LabProbes, site: Site): Promise<SegmentLease[]> {
  const kinds: BootClient[] = ["ipxe", "bios"];
  return Promise.all(dhcpSegments(site).flatMap((s) => kinds.map((boot) => leaseOnce(probes, s, { send: BOOT_OPTIONS[boot], boot }))));
}

/** Leases that did not come about, with why. */
export function missingLeases(leases: readonly SegmentLease[]): string[] {
  if (leases.length === 0) return ["no client asked"];
  return leases.flatMap((l) => (l.result?.lease ? [] : [`${describe(l)}: ${l.error ?? `no lease (${l.result?.outcome})`}`]));
}

export function describe(l: SegmentLease): string {
  const who = l.reservation ? `${l.reservation.hostname ?? l.mac} (${l.mac})` : l.boot ? `${l.boot === "ipxe" ? "iPXE" : "BIOS PXE"} client ${l.mac}` : `client ${l.mac}`;
  return `${who} on ${l.segment.name}`;
}

/** The client container on a segment: its name, the interface on the segment and that interface's hardware address. */
export async function clientLink(lab: Lab, probes: LabProbes, segment: string): Promise<{ container: string; iface: string; mac: string }> {
  const key = probes.clientKey(segment);
  const container = lab.containerName(key);
  const address = lab.plan.containers.find((c) => c.key === key)!.networks[0]!.address;
  const r = await execIn(lab.docker, container, ["ip", "-o", "-4", "addr", "show"]);
  const iface = r.stdout.split("\n").find((l) => l.includes(` ${address}/`))?.split(/\s+/)[1];
  if (!iface) throw new Error(`cannot find ${container}'s interface for ${address}`);
  const mac = (await execIn(lab.docker, container, ["cat", `/sys/class/net/${iface}/address`])).stdout.trim();
  return { container, iface, mac };
}

/**
 * A client on the segment leases, renews and releases, as a configured host
 * does: with its own hardware address, and holding the leased address on its
 * interface while it does (the server answers a renewal at that address).
 */
export async function renewAndRelease(lab: Lab, probes: LabProbes, segment: Segment): Promise<Renewal> {
  const site = lab.site;
  const link = await clientLink(lab, probes, segment.name);
  const client = { mac: link.mac, retransmit: PATIENT };
  const leased = await runPlan(probes, segment.name, { ...client, operations: [{ op: "lease" }] });
  const lease = (leased.results[0]!.result as LeaseResultJson).lease;
  if (!lease) return { segment, heldAfterRelease: [], error: `no lease (${(leased.results[0]!.result as LeaseResultJson).outcome})` };
  const ref = { address: lease.address, serverId: lease.serverId };
  const server = nodeWithAddress(site, lease.serverId);
  const held = `${lease.address}/${segment.subnet.prefix}`;
  await execIn(lab.docker, link.container, ["ip", "addr", "add", held, "dev", link.iface]);
  try {
    const before = server ? await keaLease(lab, server, lease.address) : undefined;
    // Kea keeps lease times in whole seconds: renew in a later second so the extension shows.
    await new Promise((r) => setTimeout(r, 1100));
    const renewed = await runPlan(probes, segment.name, { ...client, operations: [{ op: "renew", lease: ref }] });
    const renewal = renewed.results[0]!.result as RequestResultJson;
    const after = server ? await keaLease(lab, server, lease.address) : undefined;
    await runPlan(probes, segment.name, { ...client, operations: [{ op: "release", lease: ref }] });
    // The server passes the release on to its partner; give it as long as the pair waits for each other.
    const { problems } = await within(site.dhcp.ha.maxResponseDelay, async () => stillHeld(lab, site, lease.address));
    return { segment, lease, renewal, expiry: { ...(before ? { before: keaExpiry(before) } : {}), ...(after ? { after: keaExpiry(after) } : {}) }, heldAfterRelease: problems };
  } finally {
    await execIn(lab.docker, link.container, ["ip", "addr", "del", held, "dev", link.iface]);
  }
}

/** The nodes that still hold a lease for the address. */
async function stillHeld(lab: Lab, site: Site, address: string): Promise<string[]> {
  const held = await Promise.all(site.nodes.map(async (n) => ((await keaLease(lab, n, address)) ? [n.hostname] : [])));
  return held.flat();
}

/** udhcpc's script: print the environment it is handed once bound, and nothing else. */
const UDHCPC_SCRIPT = "/tmp/coreos-infra-udhcpc.sh";

/**
 * busybox udhcpc, an independent client, leases on the segment with the
 * container's own hardware address, prints what it got and releases it.
 */
export async function udhcpcLease(lab: Lab, probes: LabProbes, segment: string): Promise<Map<string, string>> {
  const link = await clientLink(lab, probes, segment);
  const write = `printf '%s\\n' '#!/bin/sh' '[ "$1" = bound ] && env' 'exit 0' > ${UDHCPC_SCRIPT} && chmod +x ${UDHCPC_SCRIPT}`;
  await execIn(lab.docker, link.container, ["sh", "-c", write]);
  const requests = UDHCPC_REQUESTS.flatMap((o) => ["-O", o]);
  const r = await execIn(lab.docker, link.container, ["busybox", "udhcpc", "-i", link.iface, "-f", "-q", "-n", "-R", "-t", "4", "-T", "2", "-s", UDHCPC_SCRIPT, ...requests], 30_000);
  if (r.exitCode !== 0) throw new Error(`udhcpc on ${segment} got no lease: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`);
  return parseEnvironment(r.stdout);
}

/** Every lease the pair holds, both nodes' records together (hot-standby keeps them the same). */
async function pairLeases(lab: Lab): Promise<KeaLease[]> {
  return (await Promise.all(lab.site.nodes.map((n) => keaLeases(lab, n)))).flat();
}

/**
 * perfdhcp, from the segment's client, leases every free address of the
 * segment's pools with clients of its own (hardware addresses starting
 * FILL_MAC_PREFIX). Runs again if some exchanges were lost on the way.
 */
export async function fillPool(lab: Lab, probes: LabProbes, segment: Segment): Promise<PoolFill> {
  const link = await clientLink(lab, probes, segment.name);
  const size = poolSize(segment);
  const reports: string[] = [];
  let leased = leasedInPools(segment, await pairLeases(lab)).size;
  for (let round = 0; round < 3 && leased < size; round++) {
    const free = size - leased;
    // More clients than addresses, so the last of them meet a full pool.
    const clients = free + Math.max(10, Math.ceil(free / 10));
    const base = `${FILL_MAC_PREFIX}:${round.toString(16).padStart(2, "0")}:00:00`;
    const command = ["perfdhcp", "-4", "-l", link.iface, "-B", "-r", "200", "-R", String(clients), "-n", String(clients), "-d", "2", "-W", "1000000", "-b", `mac=${base}`];
    const r = await execIn(lab.docker, link.container, command, 60_000 + clients * 100);
    // 3: some exchanges did not complete, as they must not once the pool is full.
    if (r.exitCode !== 0 && r.exitCode !== 3) throw new Error(`perfdhcp on ${segment.name} failed (exit ${r.exitCode}): ${r.stderr.trim() || r.stdout.slice(-500)}`);
    perfdhcpAcks(r.stdout);
    reports.push(`$ ${command.join(" ")}\n${r.stdout.slice(r.stdout.indexOf("***Rate statistics***"))}`);
    leased = leasedInPools(segment, await pairLeases(lab)).size;
  }
  return { segment, reports, leased, size };
}

/** Deletes, from both nodes, every lease perfdhcp's clients took. Returns how many records went. */
export async function freeFill(lab: Lab): Promise<number> {
  const counts = await Promise.all(
    lab.site.nodes.map(async (n) => {
      const ours = (await keaLeases(lab, n)).filter((l) => l["hw-address"].toLowerCase().startsWith(FILL_MAC_PREFIX)).map((l) => l["ip-address"]);
      return deleteKeaLeases(lab, n, ours);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Fetches each boot file from where the lease points, as the firmware would: HTTP for iPXE, TFTP for PXE. */
export async function unfetchableBootFiles(lab: Lab, probes: LabProbes, leases: readonly SegmentLease[]): Promise<string[]> {
  const out: string[] = [];
  for (const l of leases) {
    const lease = l.result?.lease;
    if (!lease || !lease.ack.file) continue;
    const container = lab.containerName(probes.clientKey(l.segment.name));
    const r =
      l.boot === "ipxe"
        ? await execIn(lab.docker, container, ["curl", "-sf", "-m", "5", "-o", "/dev/null", lease.ack.file])
        : await execIn(lab.docker, container, ["sh", "-c", `busybox tftp -g -r '${lease.ack.file}' -l /tmp/coreos-infra-boot ${lease.ack.siaddr} && test -s /tmp/coreos-infra-boot`]);
    if (r.exitCode !== 0) out.push(`${describe(l)}: ${lease.ack.file}${l.boot === "ipxe" ? "" : ` from ${lease.ack.siaddr}`} cannot be fetched (exit ${r.exitCode} ${r.stderr.trim()})`);
  }
  return out;
}
