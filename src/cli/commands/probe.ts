// coreos-infra probe dns|ntp|dhcp: one protocol exchange against a running
// lab, sent from a client on one of its segments, printed as a person reads it
// (or as JSON with --json).
import type { Command } from "commander";
import { Lab, LabProbes, engine } from "../../lab/index.ts";
import { formatIpv4 } from "../../site/index.ts";
import type { DnsResult, NtpResult } from "../../probe/index.ts";
import { UsageError } from "../errors.ts";
import { resolveLab } from "../lab-name.ts";

interface Common {
  name?: string;
  from?: string;
  server?: string[];
  json?: boolean;
}

async function withProbes<T>(options: Common, run: (lab: Lab, probes: LabProbes, from: string) => Promise<T>): Promise<T> {
  const docker = engine();
  const lab = await Lab.attach(await resolveLab(docker, options.name), docker);
  const probes = new LabProbes(lab);
  try {
    return await run(lab, probes, options.from ?? lab.site.segments[0]!.name);
  } finally {
    await probes.close();
  }
}

/** Servers named by node hostname or role, or given as addresses; default: both nodes. */
function servers(lab: Lab, wanted: string[] | undefined): { label: string; address: string }[] {
  if (!wanted || wanted.length === 0) return lab.site.nodes.map((n) => ({ label: n.hostname, address: formatIpv4(n.interfaces[0]!.address) }));
  return wanted.map((w) => {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(w)) return { label: w, address: w };
    const node = lab.node(w);
    return { label: node.hostname, address: formatIpv4(node.interfaces[0]!.address) };
  });
}

function print(options: Common, value: unknown, human: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : human());
}

async function probeDns(name: string, type: string, options: Common & { tcp?: boolean }): Promise<void> {
  await withProbes(options, async (lab, probes, from) => {
    const agent = await probes.on(from);
    const results = await Promise.all(
      servers(lab, options.server).map(async (s) => {
        try {
          const r = await agent.request<DnsResult>("dns", { server: s.address, name, type, transport: options.tcp ? "tcp" : "udp", timeoutMs: 2000 }, 5000);
          return { server: s, result: r };
        } catch (error) {
          return { server: s, error: (error as Error).message };
        }
      }),
    );
    print(options, results, () =>
      results
        .map((x) => {
          if ("error" in x) return `${x.server.label} (${x.server.address}) from ${from}: no answer — ${x.error}\n`;
          const r = x.result;
          const flags = Object.entries(r.flags).filter(([, v]) => v).map(([k]) => k.toUpperCase()).join(" ");
          const lines = r.answers.map((a) => `  ${a.name} ${a.ttl} ${a.class} ${a.type} ${a.data}`);
          return `${x.server.label} (${x.server.address}) from ${from}: ${r.rcode} [${flags}] ${r.latencyMs.toFixed(1)} ms over ${r.transport}\n${lines.join("\n")}${lines.length ? "\n" : ""}`;
        })
        .join(""),
    );
  });
}

async function probeNtp(options: Common): Promise<void> {
  await withProbes(options, async (lab, probes, from) => {
    const agent = await probes.on(from);
    const results = await Promise.all(
      servers(lab, options.server).map(async (s) => {
        try {
          return { server: s, result: await agent.request<NtpResult>("ntp", { server: s.address, timeoutMs: 2000 }, 5000) };
        } catch (error) {
          return { server: s, error: (error as Error).message };
        }
      }),
    );
    print(options, results, () =>
      results
        .map((x) =>
          "error" in x
            ? `${x.server.label} (${x.server.address}) from ${from}: no answer — ${x.error}\n`
            : `${x.server.label} (${x.server.address}) from ${from}: stratum ${x.result.stratum}, refid ${x.result.referenceId}, leap ${x.result.leap}, ` +
              `offset ${x.result.offsetMs.toFixed(3)} ms, delay ${x.result.delayMs.toFixed(3)} ms, root dispersion ${(x.result.rootDispersionSeconds * 1000).toFixed(2)} ms${x.result.synchronized ? "" : " (not synchronised)"}\n`,
        )
        .join(""),
    );
  });
}

/** A locally administered MAC that differs per run, so each probe is a new client. */
function randomMac(): string {
  const bytes = [0x02, 0x00, ...Array.from({ length: 4 }, () => Math.floor(Math.random() * 256))];
  return bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
}

interface JsonOption {
  code: number;
  name?: string;
  value: unknown;
}
interface JsonLeaseResult {
  outcome: string;
  lease?: { address: string; serverId: string; leaseTime?: number; options: JsonOption[]; ack: { siaddr?: string; file?: string } };
  exchanges: { sent: string; attempts: unknown[] }[];
}

async function probeDhcp(options: Common & { mac?: string; keep?: boolean; ipxe?: boolean; arch?: string; timeout: string }): Promise<void> {
  const arch = options.arch === undefined ? undefined : ({ bios: 0, "uefi-x64": 7, uefi: 7 } as Record<string, number>)[options.arch];
  if (options.arch !== undefined && arch === undefined) throw new UsageError(`unknown client architecture "${options.arch}"`, "use bios or uefi-x64");
  await withProbes(options, async (_lab, probes, from) => {
    const agent = await probes.on(from);
    const mac = options.mac ?? randomMac();
    const extra = [
      ...(options.ipxe ? [{ code: 77, hex: "69:50:58:45" }] : []),
      ...(arch !== undefined ? [{ name: "client-system", value: [arch] }] : []),
    ];
    const seconds = Number(options.timeout);
    const plan = {
      mac,
      ...(extra.length ? { options: extra } : {}),
      // Give up after the RFC 2131 retransmissions that fit in the timeout.
      retransmit: { tries: Math.max(1, Math.floor(Math.log2(seconds / 4 + 1))) },
      operations: [{ op: "lease" }, ...(options.keep ? [] : [{ op: "release", lease: "last" }])],
    };
    const reply = await agent.request<{ results: { op: string; result: JsonLeaseResult }[] }>("dhcp", plan, (seconds + 10) * 1000);
    const lease = reply.results[0]!.result;
    print(options, reply, () => {
      if (lease.outcome !== "bound" || !lease.lease) {
        return `from ${from} as ${mac}: ${lease.outcome} after ${lease.exchanges.reduce((n, e) => n + e.attempts.length, 0)} transmissions\n`;
      }
      const l = lease.lease;
      const shown = l.options.filter((o) => ![53, 54, 51, 58, 59].includes(o.code)).map((o) => `  ${o.name ?? `option ${o.code}`}: ${JSON.stringify(o.value)}`);
      const boot = l.ack.file ? [`  boot file: ${l.ack.file}${l.ack.siaddr && l.ack.siaddr !== "0.0.0.0" ? ` from ${l.ack.siaddr}` : ""}`] : [];
      return `from ${from} as ${mac}: ${l.address} from ${l.serverId}, lease ${l.leaseTime ?? "?"} s${options.keep ? "" : " (released)"}\n${[...shown, ...boot].join("\n")}\n`;
    });
    if (lease.outcome !== "bound") process.exitCode = 1;
  });
}

export function registerProbe(program: Command): void {
  const probe = program.command("probe").description("one DNS, NTP or DHCP exchange against a running lab, from a client on a segment");
  const common = (c: Command) =>
    c
      .option("-n, --name <lab>", "lab name (default: the only lab up)")
      .option("-f, --from <segment>", "segment whose client sends the probe (default: the first; 'outsider' for the uplink host)")
      .option("--json", "print the full result as JSON");
  common(
    probe
      .command("dns")
      .description("ask the pair (or --server) for a name")
      .argument("<name>", "name to look up, e.g. printer.office.example.com")
      .argument("[type]", "record type", "A")
      .option("-s, --server <node-or-ip...>", "servers to ask (default: both nodes)")
      .option("--tcp", "ask over TCP"),
  ).action(probeDns);
  common(probe.command("ntp").description("poll the pair (or --server) for time").option("-s, --server <node-or-ip...>", "servers to poll (default: both nodes)")).action(probeNtp);
  common(
    probe
      .command("dhcp")
      .description("obtain a lease (DISCOVER, OFFER, REQUEST, ACK) and release it")
      .option("--mac <mac>", "client hardware address (default: a new random one)")
      .option("--keep", "keep the lease instead of releasing it")
      .option("--ipxe", "identify as iPXE (user class)")
      .option("--arch <arch>", "PXE client architecture: bios or uefi-x64")
      .option("--timeout <seconds>", "give up after this long, retransmitting as RFC 2131 says", "12"),
  ).action(probeDhcp);
}
