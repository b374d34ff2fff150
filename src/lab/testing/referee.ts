// Referee tools run inside the lab's containers: dig, chronyd/chronyc,
// busybox udhcpc and tftp, perfdhcp, curl, ping, tcpdump. None of them was
// written here, so what they report is what a real client would see.
import type Docker from "dockerode";
import { execIn } from "../exec.ts";
import type { ExecResult } from "../exec.ts";

export interface DnsAnswer {
  readonly name: string;
  readonly type: string;
  readonly data: string;
}

export interface DigResult {
  /** The response code (NOERROR, NXDOMAIN, REFUSED…), or NO-ANSWER when nothing came back. */
  readonly status: string;
  readonly answers: readonly DnsAnswer[];
}

/** One query with dig. `reverse` turns NAME (an address) into its PTR query. */
export async function dig(
  docker: Docker,
  container: string,
  server: string,
  name: string,
  type: string,
  options: { reverse?: boolean; tries?: number } = {},
): Promise<DigResult> {
  const question = options.reverse ? ["-x", name] : [name, type];
  const r = await execIn(docker, container, ["dig", "+time=1", `+tries=${options.tries ?? 2}`, "+noall", "+comments", "+answer", `@${server}`, ...question]);
  // dig exits 9 when no server answered at all.
  if (r.exitCode === 9) return { status: "NO-ANSWER", answers: [] };
  if (r.exitCode !== 0) throw new Error(`dig @${server} ${question.join(" ")} in ${container} failed (exit ${r.exitCode}): ${r.stderr.trim() || r.stdout.trim()}`);
  const status = /status: ([A-Z]+)/.exec(r.stdout)?.[1] ?? "UNKNOWN";
  const answers = r.stdout
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith(";"))
    .map((l) => {
      const [owner, , , rrType, ...data] = l.trim().split(/\s+/);
      return { name: owner!, type: rrType!, data: data.join(" ") };
    });
  return { status, answers };
}

/** The data of the answers of one type, e.g. the addresses of an A query. */
export function answersOf(result: DigResult, type: string): string[] {
  return result.answers.filter((a) => a.type === type).map((a) => a.data);
}

const LEASE_SCRIPT = "/tmp/referee-lease.sh";
// udhcpc hands the lease to its script in environment variables; this one
// only prints them, so the client's own address and routes stay as they are.
const LEASE_SCRIPT_TEXT = `#!/bin/sh
[ "$1" = bound ] || exit 0
env | sed 's/^/lease:/'
`;

/** What udhcpc's script got on `bound`: ip, serverid, router, dns, domain, search, ntpsrv, lease… */
export type Lease = Readonly<Record<string, string>>;

function leaseCommand(iface: string, extra: readonly string[]): string {
  const quoted = extra.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return `busybox udhcpc -i ${iface} -f -q -n -t 3 -T 1 -s ${LEASE_SCRIPT} -O ntpsrv -O search ${quoted}`;
}

const writeScript = `cat > ${LEASE_SCRIPT} <<'EOF'\n${LEASE_SCRIPT_TEXT}EOF\nchmod +x ${LEASE_SCRIPT}\n`;

function parseLease(stdout: string): Lease | undefined {
  const lines = stdout.split("\n").filter((l) => l.startsWith("lease:"));
  if (lines.length === 0) return undefined;
  return Object.fromEntries(lines.map((l) => l.slice("lease:".length)).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

/** One DHCP exchange with busybox udhcpc on the container's interface; undefined when no lease came. */
export async function dhcpLease(docker: Docker, container: string, options: { iface?: string; extra?: readonly string[] } = {}): Promise<Lease | undefined> {
  const r = await execIn(docker, container, ["sh", "-c", `${writeScript}${leaseCommand(options.iface ?? "eth0", options.extra ?? [])}`], 30_000);
  return parseLease(r.stdout);
}

/** One DHCP reply as tcpdump decoded it on the client's wire. */
export interface DhcpReply {
  readonly message: string;
  /** IP source of the reply: the server, or the relay that forwarded it. */
  readonly source: string;
  readonly giaddr?: string;
  readonly yiaddr?: string;
  readonly serverId?: string;
}

/**
 * A udhcpc lease while tcpdump watches the client's interface: shows who
 * delivered each reply (a relay or the server) and the relay address in it.
 */
export async function dhcpLeaseWatched(docker: Docker, container: string, iface = "eth0"): Promise<{ lease?: Lease; replies: DhcpReply[] }> {
  const script = [
    writeScript,
    "rm -f /tmp/referee-cap /tmp/referee-cap.err",
    `tcpdump -l -n -vv -i ${iface} -c 2 'udp src port 67' > /tmp/referee-cap 2> /tmp/referee-cap.err &`,
    "dump=$!",
    // Start the exchange only once tcpdump listens, so no reply goes unseen.
    "i=0; until grep -q 'listening on' /tmp/referee-cap.err; do sleep 0.1; i=$((i+1)); [ $i -lt 100 ] || break; done",
    leaseCommand(iface, []),
    "i=0; while kill -0 $dump 2>/dev/null && [ $i -lt 20 ]; do sleep 0.1; i=$((i+1)); done",
    "kill $dump 2>/dev/null; wait $dump",
    "echo '--- capture'",
    "cat /tmp/referee-cap",
  ].join("\n");
  const r = await execIn(docker, container, ["sh", "-c", script], 30_000);
  const [leasePart = "", capture = ""] = r.stdout.split("--- capture\n");
  const lease = parseLease(leasePart);
  return { ...(lease ? { lease } : {}), replies: parseDhcpCapture(capture) };
}

export function parseDhcpCapture(text: string): DhcpReply[] {
  const packets = text.split(/\n(?=\d\d:\d\d:\d\d\.\d+ )/).filter((p) => /BOOTP\/DHCP/.test(p));
  return packets.map((p) => {
    const giaddr = /Gateway-IP (\S+)/.exec(p)?.[1];
    const yiaddr = /Your-IP (\S+)/.exec(p)?.[1];
    const serverId = /Server-ID \(54\), length 4: (\S+)/.exec(p)?.[1];
    return {
      message: /DHCP-Message \(53\), length 1: (\w+)/.exec(p)?.[1] ?? "?",
      source: /\s(\d+\.\d+\.\d+\.\d+)\.67 > /.exec(p)?.[1] ?? "?",
      ...(giaddr ? { giaddr } : {}),
      ...(yiaddr ? { yiaddr } : {}),
      ...(serverId ? { serverId } : {}),
    };
  });
}

export interface PerfdhcpExchange {
  readonly sent: number;
  readonly received: number;
  readonly drops: number;
}

export interface PerfdhcpResult {
  readonly exitCode: number;
  /** By exchange: DISCOVER-OFFER, REQUEST-ACK. */
  readonly exchanges: Readonly<Record<string, PerfdhcpExchange>>;
  readonly output: string;
}

/** A few full 4-way exchanges from as many simulated clients, as perfdhcp measures them. */
export async function perfdhcp(docker: Docker, container: string, clients: number, iface = "eth0"): Promise<PerfdhcpResult> {
  // -W: after the last request, wait for the last replies instead of counting them as drops.
  const n = String(clients);
  const r = await execIn(docker, container, ["perfdhcp", "-4", "-l", iface, "-r", n, "-n", n, "-R", n, "-W", "2000000"], 60_000);
  const exchanges: Record<string, PerfdhcpExchange> = {};
  for (const section of r.stdout.split("***Statistics for: ").slice(1)) {
    const name = section.slice(0, section.indexOf("*"));
    const num = (label: string) => Number(new RegExp(`^${label}: (\\d+)`, "m").exec(section)?.[1] ?? NaN);
    exchanges[name] = { sent: num("sent packets"), received: num("received packets"), drops: num("drops") };
  }
  return { exitCode: r.exitCode, exchanges, output: r.stdout + r.stderr };
}

/** chronyd -Q: asks once and succeeds only when the server serves synchronised time. */
export async function ntpServes(docker: Docker, container: string, server: string): Promise<boolean> {
  const r = await execIn(docker, container, ["chronyd", "-Q", "-t", "3", `server ${server} iburst maxsamples 1`], 15_000);
  return r.exitCode === 0;
}

/** The source chronyd selected (`^*` in `chronyc -n sources`), if any. */
export async function selectedNtpSource(docker: Docker, ntpContainer: string): Promise<string | undefined> {
  const r = await execIn(docker, ntpContainer, ["chronyc", "-n", "sources"]);
  return /^\^\*\s+(\S+)/m.exec(r.stdout)?.[1];
}

export async function tftpGet(docker: Docker, container: string, server: string, file: string): Promise<ExecResult> {
  return execIn(docker, container, ["sh", "-c", `rm -f /tmp/referee-tftp && busybox tftp -g -r '${file}' -l /tmp/referee-tftp ${server} && cat /tmp/referee-tftp`]);
}

export async function httpGet(docker: Docker, container: string, url: string): Promise<ExecResult> {
  return execIn(docker, container, ["curl", "-sf", "-m", "3", url]);
}

export async function ping(docker: Docker, container: string, address: string): Promise<ExecResult> {
  return execIn(docker, container, ["ping", "-n", "-c", "1", "-W", "1", address]);
}

/**
 * Polls until `probe` returns a value, for states that take a while to come
 * (a failover, an HA transition). Fails with what was last seen.
 */
export async function eventually<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "nothing yet";
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${Math.round(timeoutMs / 1000)} s (last: ${last})`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
