// What the pair must hand a DHCP client, from the site model: an address
// from the segment's pools (or the reserved one), the segment's options and
// lease time, and for a machine that boots from the network the boot file its
// firmware runs. Also the readers for what clients print: our probe's JSON,
// udhcpc's script environment, perfdhcp's report and Kea's lease records.
// Pure: the lab-facing part is dhcp-checks.ts.
import { formatIpv4, maskOf, parseIpv4 } from "../site/index.ts";
import type { Node, Reservation, Segment, Site } from "../site/index.ts";
import { DISPATCH_SCRIPT, IPXE_BINARIES } from "../synth/pxe/boot-files.ts";

/** The largest pool a scenario fills: perfdhcp leases a few dozen addresses a second through the HA pair. */
export const FILLABLE_POOL = 1000;

/** Hardware addresses perfdhcp fills a pool with start with this (locally administered); nothing else uses it. */
export const FILL_MAC_PREFIX = "02:fe:00";

// ---- the probe's JSON (src/probe/dhcp, through the agent) ----

/** An option as the probe reports it: code, name and decoded value. */
export interface ReceivedOption {
  readonly code: number;
  readonly name?: string;
  readonly value: unknown;
}

export interface LeaseJson {
  readonly address: string;
  readonly serverId: string;
  readonly mac: string;
  readonly obtainedAt: number;
  readonly leaseTime?: number;
  readonly options: readonly ReceivedOption[];
  readonly ack: { readonly siaddr: string; readonly file: string; readonly yiaddr: string };
}

export interface LeaseResultJson {
  readonly outcome: "bound" | "nak" | "no-offer" | "no-ack";
  readonly lease?: LeaseJson;
}

export interface RequestResultJson {
  readonly outcome: "ack" | "nak" | "timeout";
  readonly lease?: LeaseJson;
}

export interface PlanReplyJson {
  readonly mac: string;
  readonly results: readonly { readonly op: string; readonly result: unknown }[];
}

// ---- pools ----

export function poolSize(segment: Segment): number {
  return (segment.dhcp?.pools ?? []).reduce((n, p) => n + (p.range.last - p.range.first + 1), 0);
}

export function inPools(segment: Segment, address: string): boolean {
  const a = parseIpv4(address);
  return a !== undefined && (segment.dhcp?.pools ?? []).some((p) => p.range.first <= a && a <= p.range.last);
}

/** The segment a scenario fills: the one with the fewest pool addresses, if any is small enough. */
export function smallestPool(site: Site): Segment | undefined {
  const candidates = site.segments.filter((s) => s.dhcp && poolSize(s) <= FILLABLE_POOL);
  return candidates.reduce<Segment | undefined>((best, s) => (best === undefined || poolSize(s) < poolSize(best) ? s : best), undefined);
}

export function dhcpSegments(site: Site): Segment[] {
  return site.segments.filter((s) => s.dhcp);
}

// ---- options ----

/** The options and lease time a client on the segment must get, as the probe prints them. */
export interface ExpectedOptions {
  readonly "subnet-mask": string;
  readonly routers: readonly string[];
  readonly "domain-name-servers": readonly string[];
  readonly "ntp-servers": readonly string[];
  readonly "domain-name": string;
  readonly "domain-search": readonly string[];
  readonly "dhcp-lease-time": number;
}

export function expectedOptions(segment: Segment): ExpectedOptions {
  const d = segment.dhcp;
  if (!d) throw new Error(`segment ${segment.name} serves no DHCP`);
  return {
    "subnet-mask": formatIpv4(maskOf(segment.subnet.prefix)),
    routers: d.options.routers.map(formatIpv4),
    "domain-name-servers": d.options.dnsServers.map(formatIpv4),
    "ntp-servers": d.options.ntpServers.map(formatIpv4),
    "domain-name": d.options.domainName,
    "domain-search": d.options.domainSearch,
    "dhcp-lease-time": d.leaseTime,
  };
}

/** An option's value as compared: lists in order, names lower case without the final dot; absent is undefined. */
export function optionValueOf(lease: Pick<LeaseJson, "options">, name: string): unknown {
  const o = lease.options.find((x) => x.name === name);
  if (!o) return undefined;
  const tidy = (v: unknown): unknown => (typeof v === "string" ? v.toLowerCase().replace(/\.$/, "") : v);
  return Array.isArray(o.value) ? o.value.map(tidy) : tidy(o.value);
}

/** Differences between the options a lease carries and the segment's; an empty expected list means the option is left out. */
export function optionProblems(segment: Segment, lease: Pick<LeaseJson, "options">): string[] {
  const out: string[] = [];
  for (const [name, want] of Object.entries(expectedOptions(segment))) {
    const got = optionValueOf(lease, name);
    const expected = Array.isArray(want) && want.length === 0 ? undefined : want;
    if (JSON.stringify(got) !== JSON.stringify(expected)) out.push(`${name} is ${JSON.stringify(got) ?? "missing"}, not ${JSON.stringify(expected) ?? "left out"}`);
  }
  return out;
}

/** The node that holds an address on one of its interfaces (a server identifier). */
export function nodeWithAddress(site: Site, address: string): Node | undefined {
  return site.nodes.find((n) => n.interfaces.some((i) => formatIpv4(i.address) === address));
}

/** What is wrong with the address a new client on the segment got, and with who gave it. */
export function addressProblems(site: Site, segment: Segment, lease: Pick<LeaseJson, "address" | "serverId">): string[] {
  const out: string[] = [];
  if (!inPools(segment, lease.address)) out.push(`address ${lease.address} is outside the pools of ${segment.name}`);
  if (!nodeWithAddress(site, lease.serverId)) out.push(`server ${lease.serverId} is not one of the pair`);
  return out;
}

/** What is wrong with the lease a machine with a reservation got. */
export function reservationProblems(reservation: Reservation, lease: LeaseJson): string[] {
  const out: string[] = [];
  const ip = formatIpv4(reservation.ip);
  if (lease.address !== ip) out.push(`got ${lease.address}, not its reserved ${ip}`);
  const name = optionValueOf(lease, "host-name");
  if (reservation.hostname !== undefined && name !== reservation.hostname.toLowerCase()) out.push(`host name is ${JSON.stringify(name) ?? "missing"}, not "${reservation.hostname}"`);
  return out;
}

// ---- network boot ----

export type BootClient = "ipxe" | "bios";

/** What a network-booting client must be sent, given the node that answered it: the boot server and the file. */
export function expectedBoot(site: Site, node: Node, client: BootClient): { readonly nextServer: string; readonly file: string } {
  const server = formatIpv4(node.interfaces[0]!.address);
  return { nextServer: server, file: client === "ipxe" ? `http://${server}:${site.pxe.httpPort}/${DISPATCH_SCRIPT}` : IPXE_BINARIES.bios };
}

export function bootProblems(site: Site, client: BootClient, lease: LeaseJson): string[] {
  const node = nodeWithAddress(site, lease.serverId);
  if (!node) return [`server ${lease.serverId} is not one of the pair`];
  const want = expectedBoot(site, node, client);
  const out: string[] = [];
  if (lease.ack.file !== want.file) out.push(`boot file "${lease.ack.file}", not "${want.file}"`);
  if (lease.ack.siaddr !== want.nextServer) out.push(`next server ${lease.ack.siaddr}, not ${want.nextServer} (${node.hostname}, which answered)`);
  return out;
}

// ---- renewals ----

/** What is wrong with a renewal: it must come from the server that granted the lease, for the same address and a full lease. */
export function renewalProblems(segment: Segment, lease: LeaseJson, renewal: RequestResultJson): string[] {
  if (renewal.outcome !== "ack" || !renewal.lease) return [`the renewal got ${renewal.outcome === "timeout" ? "no answer" : "a NAK"}`];
  const r = renewal.lease;
  const out: string[] = [];
  if (r.serverId !== lease.serverId) out.push(`acknowledged by ${r.serverId}, not by ${lease.serverId}, which granted the lease`);
  if (r.address !== lease.address) out.push(`renewed ${r.address}, not the leased ${lease.address}`);
  if (r.leaseTime !== segment.dhcp?.leaseTime) out.push(`renewed for ${r.leaseTime ?? "no"} s, not the segment's ${segment.dhcp?.leaseTime} s`);
  return out;
}

// ---- udhcpc ----

/** The environment udhcpc hands its script on "bound", as variables. */
export function parseEnvironment(text: string): Map<string, string> {
  const env = new Map<string, string>();
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) env.set(line.slice(0, eq), line.slice(eq + 1).trim());
  }
  return env;
}

/** udhcpc's variable for each option the probe names, and how to read it. */
const UDHCPC_VARIABLES: readonly { readonly option: string; readonly variable: string; readonly list: boolean }[] = [
  { option: "subnet-mask", variable: "subnet", list: false },
  { option: "routers", variable: "router", list: true },
  { option: "domain-name-servers", variable: "dns", list: true },
  { option: "ntp-servers", variable: "ntpsrv", list: true },
  { option: "domain-name", variable: "domain", list: false },
  { option: "domain-search", variable: "search", list: true },
  { option: "dhcp-lease-time", variable: "lease", list: false },
];

/** The options udhcpc asks for (-O), by its names. */
export const UDHCPC_REQUESTS: readonly string[] = ["subnet", "router", "dns", "ntpsrv", "domain", "search", "lease"];

/** Differences between what udhcpc was given on a segment and what our probe was given there. */
export function udhcpcProblems(segment: Segment, env: ReadonlyMap<string, string>, probe: Pick<LeaseJson, "options">): string[] {
  const out: string[] = [];
  const ip = env.get("ip");
  if (ip === undefined) return ["udhcpc got no lease"];
  if (!inPools(segment, ip)) out.push(`udhcpc got ${ip}, outside the pools of ${segment.name}`);
  for (const v of UDHCPC_VARIABLES) {
    const raw = env.get(v.variable);
    const tidy = (s: string): string | number => (v.option === "dhcp-lease-time" ? Number(s) : s.toLowerCase().replace(/\.$/, ""));
    const got = raw === undefined || raw === "" ? undefined : v.list ? raw.split(/\s+/).map(tidy) : tidy(raw);
    const want = optionValueOf(probe, v.option);
    if (JSON.stringify(got) !== JSON.stringify(want)) out.push(`${v.option}: udhcpc got ${JSON.stringify(got) ?? "nothing"}, the probe ${JSON.stringify(want) ?? "nothing"}`);
  }
  return out;
}

// ---- perfdhcp and Kea ----

/** The DHCPACKs perfdhcp counted (REQUEST-ACK "received packets"). */
export function perfdhcpAcks(report: string): number {
  const section = report.split("***Statistics for: REQUEST-ACK***")[1];
  const m = section?.match(/received packets:\s*(\d+)/);
  if (!m) throw new Error(`perfdhcp printed no REQUEST-ACK statistics:\n${report.slice(-800)}`);
  return Number(m[1]);
}

/** A lease as Kea's lease commands list it. */
export interface KeaLease {
  readonly "ip-address": string;
  readonly "hw-address": string;
  readonly cltt: number;
  readonly "valid-lft": number;
  readonly state: number;
  readonly "subnet-id": number;
}

/** When the lease runs out, in Unix seconds. */
export function keaExpiry(lease: KeaLease): number {
  return lease.cltt + lease["valid-lft"];
}

/** The leased addresses inside the segment's pools. */
export function leasedInPools(segment: Segment, leases: readonly KeaLease[]): Set<string> {
  return new Set(leases.map((l) => l["ip-address"]).filter((a) => inPools(segment, a)));
}

// ---- hardware addresses ----

/** A locally administered address for a new client (02:00:…), different on each call. */
export function newClientMac(random: () => number = Math.random): string {
  return ["02", "00", ...Array.from({ length: 4 }, () => Math.floor(random() * 256).toString(16).padStart(2, "0"))].join(":");
}
