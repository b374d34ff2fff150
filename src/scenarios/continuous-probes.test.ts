import { describe, it } from "node:test";
import { expect } from "chai";
import { ManualClock } from "../probe/index.ts";
import type { ClientView } from "./client-models.ts";
import { ContinuousProbes, freshMacs, pollTimeServers, stubResolve, wholeSchedule } from "./continuous-probes.ts";
import type { DnsSample, LeaseSample, TimeSample } from "./continuous-probes.ts";
import { DHCP_CLIENT } from "./client-models.ts";
import { FakePair } from "./testing/fake-pair.ts";

const NS1 = "198.18.10.2";
const NS2 = "198.18.10.3";
const QUESTION = { name: "mail.office.example.com.", type: "A", data: ["198.18.10.25"], zone: "office.example.com" };
const VIEW: ClientView = {
  segment: "lan",
  dnsServers: [
    { address: NS1, node: "ns1" },
    { address: NS2, node: "ns2" },
  ],
  ntpServers: [
    { address: NS1, node: "ns1" },
    { address: NS2, node: "ns2" },
  ],
  question: QUESTION,
  dhcp: true,
};
const nameOf = (a: string): string => ({ [NS1]: "ns1", [NS2]: "ns2" })[a] ?? a;

function pair(clock: ManualClock): FakePair {
  return new FakePair(clock, { servers: [NS1, NS2], answer: { name: QUESTION.name, type: "A", data: "198.18.10.25" } });
}

describe("continuous probes", () => {
  it("resolves like a stub resolver: the second server after the first one's timeout, at once after a refusal", async () => {
    const clock = new ManualClock(0);
    const fake = pair(clock);
    fake.dns.set(NS1, "down");
    const slow = await clock.run(stubResolve(fake, VIEW.dnsServers, QUESTION, { clock }));
    expect(slow).to.deep.include({ server: "ns2", rcode: "NOERROR", latencyMs: 5002 });
    expect(slow.skipped).to.deep.equal([{ server: "ns1", why: "timeout" }]);
    fake.dns.set(NS1, "refusing");
    expect((await clock.run(stubResolve(fake, VIEW.dnsServers, QUESTION, { clock }))).latencyMs).to.equal(2);
    fake.dns.set(NS2, "down");
    const failed = await clock.run(stubResolve(fake, VIEW.dnsServers, QUESTION, { clock })).catch((e: Error) => e);
    expect((failed as Error).message).to.equal("no name server answered: ns1 refused, ns2 timeout");
  });

  it("flags an answer that differs from the site", async () => {
    const clock = new ManualClock(0);
    const fake = pair(clock);
    fake.answer = { ...fake.answer, data: "192.0.2.1" };
    const r = await clock.run(stubResolve(fake, VIEW.dnsServers, QUESTION, { clock }));
    expect(r.mismatch).to.match(/missing 198\.18\.10\.25; unexpected 192\.0\.2\.1/);
  });

  it("keeps time from the first server that is synchronised", async () => {
    const clock = new ManualClock(0);
    const fake = pair(clock);
    fake.ntp.set(NS1, "unsynchronised");
    const r = await clock.run(pollTimeServers(fake, VIEW.ntpServers));
    expect(r).to.deep.include({ server: "ns2", synchronised: ["ns2"], silent: [] });
    expect(r.unsynchronised[0]).to.match(/^ns1 \(stratum 16/);
    fake.ntp.set(NS2, "down");
    const none = await clock.run(pollTimeServers(fake, VIEW.ntpServers)).catch((e: Error) => e);
    expect((none as Error).message).to.match(/^no synchronised time: ns2 silent, ns1 \(stratum 16/);
  });

  it("new MACs are locally administered and never repeat", () => {
    const next = freshMacs(() => Buffer.from([0xab, 0xcd]));
    expect([next(), next(), next()]).to.deep.equal(["02:ab:cd:00:00:00", "02:ab:cd:00:00:01", "02:ab:cd:00:00:02"]);
  });

  it("records DNS, NTP and DHCP through a primary crash, on one time base, and stops when told", async () => {
    const clock = new ManualClock(1_000_000);
    const fake = pair(clock);
    const probes = new ContinuousProbes({ agent: fake, view: VIEW, clock, nameOf, macs: freshMacs(() => Buffer.from([1, 2])), observeHa: async () => ({ ns1: fake.dhcpServer === NS1 ? "hot-standby" : "unreachable", ns2: fake.dhcpServer === NS2 ? "partner-down" : "hot-standby" }) });
    await clock.advance(2000);
    probes.mark("crash ns1");
    fake.dns.set(NS1, "down");
    fake.ntp.set(NS1, "down");
    fake.dhcpServer = null;
    await clock.advance(10_500);
    fake.dhcpServer = NS2;
    const seen = clock.run(probes.until((s) => (s.lanes.dhcp ?? []).some((a) => a.ok && a.startMs > 12_500), { timeoutMs: 30_000 }));
    expect(await seen).to.equal(true);
    const t = await clock.run(probes.stop());

    expect(t.startedAt).to.equal(1_000_000);
    const dns = t.lanes.dns!;
    expect(dns.analysis.failures).to.equal(0);
    expect(dns.marks).to.deep.equal([{ label: "crash ns1", atMs: 2000 }]);
    const after = dns.attempts.filter((a) => a.startMs > 2000).map((a) => a.detail as DnsSample);
    expect(after.every((d) => d.server === "ns2" && d.latencyMs === 5002)).to.equal(true);

    const ntp = t.lanes.ntp!;
    expect(ntp.analysis.failures).to.equal(0);
    expect((ntp.attempts.at(-1)!.detail as TimeSample).server).to.equal("ns2");

    const dhcp = t.lanes.dhcp!;
    const outage = dhcp.analysis.longestOutage!;
    // The client at 2 s started before the crash; those from 3 s to 12 s found no server; the one at 13 s was served at once.
    expect(outage).to.deep.include({ startMs: 3000, endMs: 13_000, failedAttempts: 10 });
    const waited = dhcp.attempts.filter((a) => !a.ok).map((a) => a.detail as LeaseSample);
    expect(waited.every((l) => l.outcome === "bound" && l.server === "ns2")).to.equal(true);
    // The first client after the crash asked again 4 and 12 s after it began: bound at its third DISCOVER.
    expect(waited[0]).to.deep.include({ transmissions: 4, waitMs: 12_010 });
    expect(fake.released.length).to.equal(dhcp.attempts.length);

    expect(t.lanes.ha!.attempts.at(-1)!.detail).to.deep.equal({ ns1: "unreachable", ns2: "partner-down" });
    expect(clock.pending).to.equal(0);
  });

  it("gives a DHCP client its whole retransmission schedule by default", () => {
    expect(wholeSchedule(DHCP_CLIENT)).to.equal(4000 + 8000 + 16_000 + 32_000 + 64_000 + 5 * 1000 + 1000);
  });
});
