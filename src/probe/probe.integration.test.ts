// The probes against real servers: CoreDNS and chronyd in one network
// namespace, the probe agent in another, a veth between them. dig, run in
// the client namespace too, referees the DNS answers.
import { after, before, describe, it } from "node:test";
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DnsQuery, DnsRecord, DnsResult } from "./dns/index.ts";
import type { NtpResult } from "./ntp/index.ts";
import { startAgent } from "./agent/index.ts";
import type { ProbeAgent } from "./agent/index.ts";
import { startTimeline } from "./timeline/index.ts";
import { NetnsPair } from "./net/testing/netns-pair.ts";
import type { Daemon } from "./net/testing/netns-pair.ts";

const COREDNS = fileURLToPath(new URL("../../.cache/tools/bin/coredns-1.12.4", import.meta.url));
const BIG_COUNT = 40;

function missing(): string | undefined {
  if (process.getuid?.() !== 0) return "needs root for network namespaces";
  if (!existsSync(COREDNS)) return `needs CoreDNS at ${COREDNS}`;
  for (const tool of ["ip", "nsenter", "dig", "chronyd"]) {
    if (spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0) return `needs ${tool}`;
  }
  return undefined;
}

// A missing prerequisite fails the suite: a test that did not run proves nothing.
const unmet = missing();
if (unmet) throw new Error(`the probe integration test ${unmet}; run \`make setup\` as root`);

function zone(server: string): string {
  const big = Array.from({ length: BIG_COUNT }, (_, i) => `big IN A 198.18.251.${i + 1}`).join("\n");
  return `$ORIGIN example.test.
$TTL 300
@ IN SOA ns1.example.test. hostmaster.example.test. 2024010101 3600 600 86400 60
  IN NS ns1
ns1 IN A ${server}
www IN A 198.18.250.10
www IN A 198.18.250.11
_sip._udp 60 IN SRV 10 60 5060 sip
_sip._udp 60 IN SRV 20 40 5061 sip2
txt IN TXT "hello world" "with \\"quotes\\" and \\\\ backslash"
mail IN MX 10 mx1
${big}
`;
}

function corefile(dir: string, server: string): string {
  return `example.test:53 {
  bind ${server}
  file ${join(dir, "db.example.test")}
}
dyn.test:53 {
  bind ${server}
  template IN A dyn.test {
    match "^host-(?P<n>[0-9]+)[.]dyn[.]test[.]$"
    answer "{{ .Name }} 60 IN A 198.18.252.{{ .Group.n }}"
    fallthrough
  }
  template IN TXT dyn.test {
    answer "{{ .Name }} 30 IN TXT \\"asked for {{ .Type }}\\""
  }
  template IN ANY dyn.test {
    rcode NXDOMAIN
  }
}
`;
}

function chronyConf(dir: string): string {
  // -x keeps chronyd off the host clock; cmdport 0 and "bindcmdaddress /" keep
  // it off the network command port and the system's /run/chrony socket.
  return `local stratum 3
allow all
cmdport 0
bindcmdaddress /
pidfile ${join(dir, "chronyd.pid")}
`;
}

/** A record as dig's answer section prints it, normalised like ours. */
function digRecords(output: string): string[] {
  return output
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.startsWith(";"))
    .map((l) => {
      const [name, ttl, klass, type, ...data] = l.split(/\s+/);
      return [name, ttl, klass, type, data.join(" ")].join(" ");
    })
    .sort();
}

const ours = (records: readonly DnsRecord[]): string[] => records.map((r) => [r.name, r.ttl, r.class, r.type, r.data].join(" ")).sort();

describe("probes against CoreDNS and chronyd in a network namespace", () => {
  let pair: NetnsPair | undefined;
  let dir: string | undefined;
  let agent: ProbeAgent | undefined;
  let coredns: Daemon | undefined;
  let chronyd: Daemon | undefined;
  let server = "";

  const startCoreDns = (): Daemon => pair!.start(pair!.server, COREDNS, ["-conf", join(dir!, "Corefile")]);

  const dns = (query: Partial<DnsQuery> & Pick<DnsQuery, "name" | "type">): Promise<DnsResult> =>
    agent!.request<DnsResult>("dns", { server, transport: "udp", timeoutMs: 2000, ...query }, 5000);

  const dig = (args: readonly string[]): string => {
    const r = pair!.exec(pair!.client, "dig", [`@${server}`, "+noall", "+answer", "+tries=1", "+time=2", ...args]);
    if (r.status !== 0) throw new Error(`dig ${args.join(" ")} failed: ${r.stderr || r.stdout}`);
    return r.stdout;
  };

  async function eventually<T>(what: string, attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (Date.now() > until) throw new Error(`${what} did not succeed within ${timeoutMs} ms`, { cause: error });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "coreos-infra-probe-"));
    pair = await NetnsPair.create("198.18.250");
    server = pair.server.address;
    await writeFile(join(dir, "db.example.test"), zone(server));
    await writeFile(join(dir, "Corefile"), corefile(dir, server));
    await writeFile(join(dir, "chrony.conf"), chronyConf(dir));
    coredns = startCoreDns();
    chronyd = pair.start(pair.server, "chronyd", ["-x", "-d", "-f", join(dir, "chrony.conf")]);
    agent = await startAgent({ netnsPath: pair.client.path }, { label: "client namespace" });
    await eventually("CoreDNS answering", () => dns({ name: "www.example.test", type: "A", timeoutMs: 500 }));
    await eventually("chronyd answering", () => agent!.request("ntp", { server, timeoutMs: 500 }, 2000));
  });

  after(async () => {
    await agent?.close();
    await coredns?.stop();
    await chronyd?.stop();
    await pair?.[Symbol.asyncDispose]();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("runs the agent inside the client namespace", async () => {
    const interfaces = await agent!.request<{ address: string }[]>("interfaces", {}, 5000);
    expect(interfaces.map((i) => i.address)).to.include(pair!.client.address);
  });

  it("resolves A records over UDP and TCP, as dig does", async () => {
    for (const transport of ["udp", "tcp"] as const) {
      const r = await dns({ name: "www.example.test", type: "A", transport });
      expect(r).to.deep.include({ rcode: "NOERROR", transport });
      expect(r.flags.aa).to.equal(true);
      expect(r.answers.map((a) => a.data).sort()).to.deep.equal(["198.18.250.10", "198.18.250.11"]);
      expect(ours(r.answers)).to.deep.equal(digRecords(dig([...(transport === "tcp" ? ["+tcp"] : []), "www.example.test", "A"])));
    }
  });

  it("reads SRV and TXT records as zone-file text, word for word with dig", async () => {
    const srv = await dns({ name: "_sip._udp.example.test", type: "SRV" });
    expect(srv.answers.map((a) => a.data).sort()).to.deep.equal(["10 60 5060 sip.example.test.", "20 40 5061 sip2.example.test."]);
    expect(ours(srv.answers)).to.deep.equal(digRecords(dig(["_sip._udp.example.test", "SRV"])));

    const txt = await dns({ name: "txt.example.test", type: "TXT", transport: "tcp" });
    expect(txt.answers[0]?.data).to.equal('"hello world" "with \\"quotes\\" and \\\\ backslash"');
    expect(ours(txt.answers)).to.deep.equal(digRecords(dig(["+tcp", "txt.example.test", "TXT"])));

    const mx = await dns({ name: "mail.example.test", type: "MX" });
    expect(ours(mx.answers)).to.deep.equal(digRecords(dig(["mail.example.test", "MX"])));
  });

  it("answers from CoreDNS templates", async () => {
    const a = await dns({ name: "host-7.dyn.test", type: "A" });
    expect(a.answers.map((r) => r.data)).to.deep.equal(["198.18.252.7"]);
    const txt = await dns({ name: "anything.dyn.test", type: "TXT", transport: "tcp" });
    expect(txt.answers.map((r) => r.data)).to.deep.equal(['"asked for TXT"']);
    expect(ours(txt.answers)).to.deep.equal(digRecords(dig(["anything.dyn.test", "TXT"])));
  });

  it("reports NXDOMAIN with the zone's SOA in the authority section", async () => {
    const r = await dns({ name: "nope.example.test", type: "A" });
    expect(r.rcode).to.equal("NXDOMAIN");
    expect(r.answers).to.have.length(0);
    expect(r.authority[0]).to.deep.include({ name: "example.test.", type: "SOA" });
    const status = pair!.exec(pair!.client, "dig", [`@${server}`, "+tries=1", "nope.example.test", "A"]).stdout;
    expect(status).to.match(/status: NXDOMAIN/);
    expect((await dns({ name: "zz.dyn.test", type: "A" })).rcode).to.equal("NXDOMAIN");
  });

  it("sees a large answer truncated over UDP and gets it whole over TCP", async () => {
    const udp = await dns({ name: "big.example.test", type: "A" });
    expect(udp.flags.tc).to.equal(true);
    expect(udp.answers.length).to.be.below(BIG_COUNT);
    const retried = await dns({ name: "big.example.test", type: "A", retryTcpOnTruncation: true });
    expect(retried).to.deep.include({ transport: "tcp", truncatedUdp: true });
    expect(retried.answers).to.have.length(BIG_COUNT);
    expect(ours(retried.answers)).to.deep.equal(digRecords(dig(["+tcp", "big.example.test", "A"])));
    const edns = await dns({ name: "big.example.test", type: "A", edns: { udpSize: 1232 } });
    expect(edns.flags.tc).to.equal(false);
    expect(edns.edns?.udpSize).to.be.a("number");
    expect(edns.answers).to.have.length(BIG_COUNT);
  });

  it("polls chronyd: stratum 3 from its local clock, offset near zero on a shared host clock", async () => {
    const r = await agent!.request<NtpResult>("ntp", { server, timeoutMs: 2000 }, 5000);
    expect(r).to.deep.include({ stratum: 3, mode: 4, version: 4, leap: "none", synchronized: true });
    // chronyd's local reference: 127.127.1.1 ("LOCL" would be a stratum-1 clock name).
    expect(r.referenceId).to.be.oneOf(["127.127.1.1", "LOCL"]);
    expect(Math.abs(r.offsetMs)).to.be.below(50);
    expect(r.delayMs).to.be.within(0, 100);
    expect(r.t1).to.be.below(r.t4);
  });

  it("times a DNS outage: CoreDNS killed and restarted under a running timeline", async () => {
    const timeline = startTimeline({
      name: "dns www",
      intervalMs: 100,
      timeoutMs: 1000,
      probe: (signal) => agent!.request<DnsResult>("dns", { server, name: "www.example.test", type: "A", transport: "udp", timeoutMs: 500 }, 1000, { signal }),
      judge: (r) => (r.rcode === "NOERROR" ? undefined : r.rcode),
      describe: (r) => r.answers.length,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 600));
      timeline.mark("crash coredns");
      await coredns!.stop("SIGKILL");
      await new Promise((resolve) => setTimeout(resolve, 800));
      timeline.mark("restart coredns");
      coredns = startCoreDns();
      await eventually("CoreDNS back", () => dns({ name: "www.example.test", type: "A", timeoutMs: 300 }));
      await new Promise((resolve) => setTimeout(resolve, 400));
    } finally {
      const result = await timeline.stop();
      const { analysis } = result;
      expect(analysis.outages, JSON.stringify(analysis)).to.have.length(1);
      const outage = analysis.outages[0]!;
      // With nothing on port 53 the namespace answers port unreachable at once, but
      // the kernel rate-limits those ICMP errors, so some attempts wait for their timeout.
      const reasons = new Set(result.attempts.filter((a) => !a.ok).map((a) => a.error?.reason));
      expect([...reasons]).to.include("refused");
      expect([...reasons].every((r) => r === "refused" || r === "timeout"), [...reasons].join()).to.equal(true);
      expect(outage.durationMs).to.be.within(700, 5000);
      const crash = analysis.marks.find((m) => m.label === "crash coredns")!;
      expect(crash.firstFailureMs).to.be.within(0, 300);
      expect(crash.recoveryMs).to.be.within(outage.durationMs - 200, outage.durationMs + 300);
      const restart = analysis.marks.find((m) => m.label === "restart coredns")!;
      expect(restart.recoveryMs).to.be.a("number").and.to.be.below(5000);
      expect(analysis.successes).to.be.above(5);
    }
  });
});
