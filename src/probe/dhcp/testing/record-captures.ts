// Records the packet captures under fixtures/captures/: real clients (busybox
// udhcpc, Kea's perfdhcp, ISC dhclient, and udhcpc through ISC dhcrelay)
// talking to a real kea-dhcp4
// in network namespaces. The referee test decodes them with this codec and
// with tshark and compares. Run as root when the captures need remaking:
//
//   node src/probe/dhcp/testing/record-captures.ts [DIR [NAME…]]
//
// Everything runs in namespaces this script creates and removes; nothing is
// sent anywhere else.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { startKea } from "./kea-server.ts";
import type { KeaServerSettings } from "./kea-server.ts";
import { NetnsLab } from "./netns-lab.ts";

const CAPTURES_DIR = fileURLToPath(new URL("../../../../fixtures/captures/", import.meta.url));

/** Options a site's segment would hand out, chosen to exercise every decoder the referee can check. */
const SEGMENT_OPTIONS = [
  { name: "routers", data: "198.18.10.1" },
  { name: "domain-name-servers", data: "198.18.10.2, 198.18.10.3" },
  { name: "domain-name", data: "lab.example" },
  { name: "broadcast-address", data: "198.18.10.255", "always-send": true },
  { name: "domain-search", data: "lab.example, corp.example, eng.corp.example, example", "always-send": true },
  { name: "ntp-servers", data: "198.18.10.2, 198.18.10.3", "always-send": true },
  // 0.0.0.0/0 and 203.0.113.0/24, both via 198.18.10.1 (RFC 3442 encoding; Kea 2.2 takes it as hex).
  { name: "classless-static-route", "csv-format": false, data: "00C6120A0118CB0071C6120A01", "always-send": true },
  { name: "interface-mtu", data: "1500", "always-send": true },
  { name: "time-offset", data: "3600", "always-send": true },
  { name: "tftp-server-name", data: "198.18.10.2", "always-send": true },
  { name: "boot-file-name", data: "ipxe.efi", "always-send": true },
  { name: "vendor-encapsulated-options", "csv-format": false, data: "0104C6120A02FF", "always-send": true },
  { code: 150, name: "tftp-server-address", data: "198.18.10.2, 198.18.10.3", "always-send": true },
];
/** Kea 2.2 defines neither option 121 nor 150; later versions know both. */
const OPTION_DEFS = [
  { name: "classless-static-route", code: 121, type: "binary", space: "dhcp4" },
  { name: "tftp-server-address", code: 150, type: "ipv4-address", array: true, space: "dhcp4" },
];

const SUBNET = { id: 1, subnet: "198.18.10.0/24", pools: ["198.18.10.100 - 198.18.10.150"], optionData: SEGMENT_OPTIONS };
const CLIENT_MAC = "02:00:5e:10:00:01";

interface Pair {
  readonly lab: NetnsLab;
  readonly server: string;
  readonly client: string;
}

function pair(lab: NetnsLab): Pair {
  const server = lab.namespace("srv");
  const client = lab.namespace("cli");
  lab.link({ ns: server, iface: "s0", mac: "02:00:5e:10:00:fe" }, { ns: client, iface: "c0", mac: CLIENT_MAC });
  lab.address(server, "s0", "198.18.10.2/24");
  return { lab, server, client };
}

function keaOn(ns: string, extra: Partial<KeaServerSettings> = {}): KeaServerSettings {
  // Explicit timers, so replies carry T1 and T2 (options 58 and 59).
  return { ns, iface: "s0", subnets: [SUBNET], optionDef: OPTION_DEFS, extra: { "renew-timer": 300, "rebind-timer": 525 }, ...extra };
}

/** Starts tcpdump on DHCP's ports and returns a function that stops it and flushes the file. */
async function capture(lab: NetnsLab, ns: string, iface: string, file: string): Promise<() => Promise<void>> {
  const tcpdump = lab.spawn(ns, "tcpdump", ["-i", iface, "-n", "-U", "--immediate-mode", "-Z", "root", "-w", file, "udp port 67 or udp port 68"]);
  await tcpdump.waitFor("listening on");
  return async () => {
    await sleep(300);
    await lab.stop(tcpdump.process, "SIGINT");
  };
}

/** A udhcpc event script that configures the leased address, so renewals can be unicast. */
async function udhcpcScript(dir: string): Promise<string> {
  const path = join(dir, "udhcpc.script");
  await writeFile(
    path,
    ["#!/bin/sh", 'case "$1" in', '  bound|renew) ip addr flush dev "$interface"; ip addr add "$ip/$mask" dev "$interface" ;;', '  deconfig) ip addr flush dev "$interface" ;;', "esac", ""].join("\n"),
  );
  await chmod(path, 0o755);
  return path;
}

function udhcpcArgs(script: string, more: readonly string[]): string[] {
  return ["udhcpc", "-i", "c0", "-f", "-s", script, "-t", "5", "-T", "1", "-V", "coreos-infra-lab", "-x", "hostname:probe-1", "-F", "probe-1", ...more];
}

/** DORA with many options, then a release (udhcpc's SIGUSR2; its -R does not release after -q). */
async function udhcpcDora(out: string, work: string): Promise<void> {
  await using lab = NetnsLab.create();
  const { server, client } = pair(lab);
  await startKea(lab, keaOn(server));
  const stop = await capture(lab, server, "s0", out);
  const requested = ["subnet", "router", "dns", "domain", "search", "ntpsrv", "staticroutes", "mtu", "tftp", "bootfile", "43", "150", "2"].flatMap((o) => ["-O", o]);
  const udhcpc = lab.spawn(client, "busybox", udhcpcArgs(await udhcpcScript(work), requested));
  await udhcpc.waitFor("obtained");
  udhcpc.process.kill("SIGUSR2");
  await udhcpc.waitFor("entering released state");
  await stop();
  await lab.stop(udhcpc.process);
}

/** The first offered address answers ARP, so udhcpc declines it and takes the next. */
async function udhcpcDecline(out: string, work: string): Promise<void> {
  await using lab = NetnsLab.create();
  const { server, client } = pair(lab);
  // On lo, not s0: Kea opens a raw socket per address of its interface and would answer twice.
  lab.address(server, "lo", "198.18.10.100/32");
  await startKea(lab, keaOn(server));
  const stop = await capture(lab, server, "s0", out);
  const r = lab.exec(client, "busybox", [...udhcpcArgs(await udhcpcScript(work), ["-n", "-q", "-a", "-A", "1", "-O", "search", "-O", "ntpsrv"])]);
  if (r.status !== 0) throw new Error(`udhcpc failed: ${r.stderr}`);
  await stop();
}

/**
 * A NAK. Kea stays silent on renewals it cannot grant, but answers an
 * INIT-REBOOT request for an address it will not give with a NAK; ISC
 * dhclient (isc-dhcp-client) sends one when its lease file holds an unexpired
 * lease. Here that lease names 198.18.10.20, outside the pool; after the NAK
 * dhclient starts over with a DORA.
 */
async function dhclientNak(out: string, work: string): Promise<void> {
  await using lab = NetnsLab.create();
  const { server, client } = pair(lab);
  await startKea(lab, keaOn(server, { authoritative: true }));
  const leases = join(work, "dhclient.leases");
  await writeFile(
    leases,
    [
      "lease {",
      '  interface "c0";',
      "  fixed-address 198.18.10.20;",
      "  option subnet-mask 255.255.255.0;",
      "  option dhcp-server-identifier 198.18.10.2;",
      "  renew 4 2099/01/01 00:00:00;",
      "  rebind 4 2099/01/01 00:00:00;",
      "  expire 4 2099/01/01 00:00:00;",
      "}",
      "",
    ].join("\n"),
  );
  const conf = join(work, "dhclient.conf");
  // Its own config: the default one sends this machine's host name.
  await writeFile(conf, 'send host-name "probe-nak";\nrequest subnet-mask, routers, domain-name-servers, domain-search, ntp-servers, dhcp-lease-time;\n');
  const stop = await capture(lab, server, "s0", out);
  // -sf /bin/true: the lease must not touch the namespace's (or the host's) configuration.
  const dhclient = lab.spawn(client, "dhclient", ["-4", "-d", "-v", "-1", "-cf", conf, "-sf", "/bin/true", "-lf", leases, "-pf", join(work, "dhclient.pid"), "c0"]);
  await dhclient.waitFor("bound to", 30_000);
  await stop();
  await lab.stop(dhclient.process);
}

/**
 * perfdhcp as a PXE firmware would speak (vendor class, client arch, NDI,
 * UUID, user class), two clients. perfdhcp acts as a relay: giaddr is its own
 * address and the server answers to port 67.
 */
async function perfdhcpPxe(out: string): Promise<void> {
  await using lab = NetnsLab.create();
  const { server, client } = pair(lab);
  lab.address(client, "c0", "198.18.10.5/24");
  await startKea(lab, keaOn(server));
  const stop = await capture(lab, server, "s0", out);
  const pxe = [
    ["60", Buffer.from("PXEClient:Arch:00007:UNDI:003016").toString("hex")],
    ["93", "0007"],
    ["94", "010310"],
    ["97", "00" + "4d0a3ac1b2e94c6e9f1d0c2b3a4e5f60"],
    ["77", Buffer.from("iPXE").toString("hex")],
    ["55", "0103060c0f2a4243777996"],
  ].flatMap(([code, hex]) => ["-o", `${code},${hex}`]);
  const r = lab.exec(client, "perfdhcp", ["-4", "-l", "c0", "-r", "4", "-R", "2", "-n", "3", "-p", "3", "-W", "1000000", ...pxe, "198.18.10.2"], { timeoutMs: 30_000 });
  if (r.status !== 0 && !/received/.test(r.stdout)) throw new Error(`perfdhcp failed (${r.status}): ${r.stdout}${r.stderr}`);
  await stop();
}

/** udhcpc behind ISC dhcrelay, which adds relay agent information (option 82, circuit id). */
async function dhcrelayAgentInfo(out: string, work: string): Promise<void> {
  await using lab = NetnsLab.create();
  const server = lab.namespace("srv");
  const relay = lab.namespace("rly");
  const client = lab.namespace("cli");
  lab.link({ ns: server, iface: "s0", mac: "02:00:5e:10:00:fe" }, { ns: relay, iface: "r1", mac: "02:00:5e:10:00:fd" });
  lab.link({ ns: relay, iface: "r0", mac: "02:00:5e:14:00:fd" }, { ns: client, iface: "c0", mac: "02:00:5e:14:00:01" });
  lab.address(server, "s0", "198.18.10.2/24");
  lab.address(relay, "r1", "198.18.10.254/24");
  lab.address(relay, "r0", "198.18.20.1/24");
  lab.ip(server, ["route", "add", "198.18.20.0/24", "via", "198.18.10.254"]);
  lab.exec(relay, "sysctl", ["-qw", "net.ipv4.ip_forward=1"]);
  const relayed = { id: 2, subnet: "198.18.20.0/24", pools: ["198.18.20.100 - 198.18.20.150"], optionData: [{ name: "routers", data: "198.18.20.1" }, ...SEGMENT_OPTIONS.slice(1)] };
  await startKea(lab, keaOn(server, { subnets: [SUBNET, relayed] }));
  const stop = await capture(lab, server, "s0", out);
  const dhcrelay = lab.spawn(relay, "dhcrelay", ["-d", "-4", "-a", "-pf", join(work, "dhcrelay.pid"), "-id", "r0", "-iu", "r1", "198.18.10.2"]);
  await dhcrelay.waitFor(/Sending on\s+Socket/);
  const r = lab.exec(client, "busybox", [...udhcpcArgs(await udhcpcScript(work), ["-n", "-q", "-O", "search", "-O", "ntpsrv"])]);
  if (r.status !== 0) throw new Error(`udhcpc behind dhcrelay failed: ${r.stderr}\n${dhcrelay.output()}`);
  await stop();
}

const RECORDINGS: Record<string, (out: string, work: string) => Promise<void>> = {
  "udhcpc-dora.pcap": udhcpcDora,
  "udhcpc-decline.pcap": udhcpcDecline,
  "dhclient-nak.pcap": dhclientNak,
  "perfdhcp-pxe.pcap": perfdhcpPxe,
  "dhcrelay-agent-info.pcap": dhcrelayAgentInfo,
};

async function main(dir: string, only: readonly string[]): Promise<void> {
  for (const [file, record] of Object.entries(RECORDINGS)) {
    if (only.length > 0 && !only.some((name) => file.startsWith(name))) continue;
    const work = await mkdtemp(join(tmpdir(), "cidhcp-capture-"));
    try {
      await record(join(dir, file), work);
      process.stdout.write(`recorded ${join(dir, file)}\n`);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }
}

main(process.argv[2] ?? CAPTURES_DIR, process.argv.slice(3)).catch((error: unknown) => {
  process.stderr.write(`record-captures: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  if (error instanceof Error && error.cause) process.stderr.write(`caused by: ${String(error.cause)}\n`);
  process.exitCode = 1;
});
