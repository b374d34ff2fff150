import { describe, it } from "node:test";
import { expect } from "chai";
import type { AttemptRecord, Timeline } from "../probe/index.ts";
import { analyseTimeline } from "../probe/index.ts";
import type { ProbeSnapshot } from "./continuous-probes.ts";
import { dhcpVerdict, dnsVerdict, failoverVerdict, ntpVerdict, outageRows, pairRecovered, recoverySeen, startSlipMs } from "./failover-verdict.ts";
import type { FailoverCase } from "./failover-verdict.ts";

const OFFICE = { heartbeatDelay: 1000, maxResponseDelay: 3000, maxAckDelay: 1000, maxUnackedClients: 0 };
const CRASH: FailoverCase = { node: "ns1", partner: "ns2", role: "primary", action: "crash" };
const AWAY = { fromMs: 2000, toMs: null };

function timeline(name: string, attempts: AttemptRecord[], intervalMs: number, stoppedMs: number): Timeline {
  const record = { name, startedAt: 0, stoppedMs, intervalMs, timeoutMs: 1000, maxInFlight: null, attempts, marks: [], skippedTicks: 0 };
  return { ...record, analysis: analyseTimeline(record) };
}

/** DNS every 500 ms; from 2 s the primary is gone and answers come from ns2 after the 5 s timeout. */
function dnsRun(failAt?: number): Timeline {
  const list: AttemptRecord[] = Array.from({ length: 30 }, (_, seq) => {
    const startMs = seq * 500;
    const down = startMs >= 2000;
    if (failAt === seq) return { seq, startMs, endMs: startMs + 12_000, ok: false, error: { message: "no name server answered: ns1 timeout, ns2 timeout" } };
    return { seq, startMs, endMs: startMs + (down ? 5002 : 2), ok: true, detail: { server: down ? "ns2" : "ns1", latencyMs: down ? 5002 : 2 } };
  });
  return timeline("DNS", list, 500, 15_000);
}

function ntpRun(primaryBack = Infinity): Timeline {
  const list: AttemptRecord[] = Array.from({ length: 30 }, (_, seq) => {
    const startMs = seq * 500;
    const gone = startMs >= 2000 && startMs < primaryBack;
    return { seq, startMs, endMs: startMs + 3, ok: true, detail: { server: gone ? "ns2" : "ns1", synchronised: gone ? ["ns2"] : ["ns1", "ns2"], unsynchronised: [], silent: gone ? ["ns1"] : [], offsetMs: 0.2 } };
  });
  return timeline("NTP", list, 500, 15_000);
}

/** A client every second; from 2 s to 12 s none is served at once; each of those is served by ns2 at its next retransmission. */
function dhcpRun(lateServer = "ns2", backAt = 13_000, length = 15): Timeline {
  const list: AttemptRecord[] = Array.from({ length }, (_, seq) => {
    const startMs = seq * 1000;
    const out = startMs >= 2000 && startMs < backAt;
    const wait = out ? ([4000, 12_000, 28_000].find((t) => startMs + t >= backAt) ?? 60_000) + 10 : 12;
    const detail = { mac: `02:00:00:00:00:${seq}`, outcome: "bound", server: startMs < 2000 ? "ns1" : seq === length - 1 ? lateServer : "ns2", address: `198.18.10.${100 + seq}`, waitMs: wait, boundAt: startMs + wait, transmissions: out ? 4 : 2, atOnce: !out };
    return out
      ? { seq, startMs, endMs: startMs + wait, ok: false, detail, error: { message: "served only after 4 transmissions", reason: "rejected" } }
      : { seq, startMs, endMs: startMs + wait, ok: true, detail };
  });
  return timeline("DHCP", list, 1000, length * 1000);
}

describe("failover verdict", () => {
  it("a grid's slip is the most any attempt started after its tick", () => {
    const at = (startMs: number) => ({ seq: 0, startMs, endMs: startMs + 5, ok: true });
    expect(startSlipMs([at(0), at(1004), at(2002), at(3012)], 1000)).to.equal(12);
    expect(startSlipMs([], 1000)).to.equal(0);
  });

  it("DNS: nothing unanswered, who answered after the node went, the slowest answer", () => {
    const v = dnsVerdict(dnsRun(), CRASH, AWAY);
    expect(v.problems).to.deep.equal([]);
    expect(v).to.deep.include({ what: "DNS", outageMs: 0, boundMs: 0 });
    expect(v.summary).to.match(/^DNS: 30 queries, none unanswered; after ns1 went answered by ns2 \(26\); slowest 5\.0 s/);
    const bad = dnsVerdict(dnsRun(10), CRASH, AWAY);
    expect(bad.problems).to.deep.equal(["at 5.0 s: no name server answered: ns1 timeout, ns2 timeout"]);
    expect(bad.outageMs).to.equal(500);
  });

  it("NTP: no poll without time, and the client did without the node", () => {
    const v = ntpVerdict(ntpRun(), CRASH, AWAY);
    expect(v.problems).to.deep.equal([]);
    expect(v.summary).to.match(/from 2\.0 s ns1 served no time and the client kept it from ns2/);
    const never = ntpVerdict(ntpRun(0), CRASH, AWAY);
    expect(never.problems[0]).to.match(/never had to do without it/);
  });

  it("DHCP: the outage and the longest wait within their bounds, leases from the partner", () => {
    const v = dhcpVerdict(dhcpRun(), CRASH, AWAY, OFFICE);
    expect(v.service).to.deep.include({ outageMs: 11_000, boundMs: 12_012, problems: [] });
    // The client that began at 2 s asked again at 6 and 14 s: it waited 12 s; the bound allows the fourth transmission, 31 s.
    expect(v.wait).to.deep.include({ outageMs: 12_010, boundMs: 31_012, problems: [] });
    expect(v.source.problems).to.deep.equal([]);
    expect(v.source.summary).to.equal("DHCP: 13 clients got a lease while ns1 was away, from ns2");
    const wrong = dhcpVerdict(dhcpRun("ns1"), CRASH, AWAY, OFFICE);
    expect(wrong.source.problems).to.deep.equal(["at 14.0 s: client 02:00:00:00:00:14 got 198.18.10.114 from ns1, not from ns2"]);
  });

  it("DHCP: an outage longer than its bound, or one still going, is a problem", () => {
    // 12 s unserved is just within the bound for a crash (11 s takeover, 1 s resolution); 13 s is not.
    expect(dhcpVerdict(dhcpRun("ns2", 14_000, 16), CRASH, AWAY, OFFICE).service.problems).to.deep.equal([]);
    expect(dhcpVerdict(dhcpRun("ns2", 15_000, 17), CRASH, AWAY, OFFICE).service.problems).to.deep.equal(["new clients went unserved for 13.0 s, longer than the bound of 12.0 s"]);
    const t = dhcpRun();
    const cut = timeline("DHCP", t.attempts.slice(0, 8), 1000, 8000);
    expect(dhcpVerdict(cut, CRASH, AWAY, OFFICE).service.problems[0]).to.match(/still not served at once when probing stopped \(since 2\.0 s\)/);
  });

  it("puts the rows for the summary together", () => {
    const v = failoverVerdict({ startedAt: 0, view: { segment: "lan", dnsServers: [], ntpServers: [], question: { name: "a.", type: "A", data: [], zone: "x" }, dhcp: true }, lanes: { dns: dnsRun(), ntp: ntpRun(), dhcp: dhcpRun() } }, CRASH, AWAY, OFFICE);
    expect(outageRows(v)).to.deep.equal([
      { what: "DNS", outageMs: 0, boundMs: 0 },
      { what: "NTP", outageMs: 0, boundMs: 0 },
      { what: "DHCP", outageMs: 11_000, boundMs: 12_012 },
      { what: "DHCP client wait", outageMs: 12_010, boundMs: 31_012 },
    ]);
  });

  it("sees recovery once HA settled and DHCP, DNS and NTP answered after it", () => {
    const ha = (startMs: number, ns2: string, ns1 = "unreachable"): AttemptRecord => ({ seq: startMs, startMs, endMs: startMs + 50, ok: true, detail: { ns1, ns2 } });
    const ok = (startMs: number): AttemptRecord => ({ seq: startMs, startMs, endMs: startMs + 10, ok: true });
    const snap = (haList: AttemptRecord[], dhcpStarts: number[]): ProbeSnapshot => ({
      nowMs: 20_000,
      marks: [],
      lanes: { ha: haList, dhcp: dhcpStarts.map(ok), dns: [ok(9000)], ntp: [ok(2500)] },
    });
    expect(recoverySeen(snap([ha(1000, "hot-standby", "hot-standby"), ha(3000, "hot-standby")], [13_000, 14_000]), CRASH, 2000)).to.equal(false);
    expect(recoverySeen(snap([ha(12_500, "partner-down")], [12_000]), CRASH, 2000)).to.equal(false);
    expect(recoverySeen(snap([ha(12_500, "partner-down")], [12_000, 13_000]), CRASH, 2000)).to.equal(true);
    // After a reboot the pair whole again is recovery too; a crash needs the takeover.
    const whole = snap([ha(4000, "hot-standby", "hot-standby")], [5000]);
    expect(recoverySeen(whole, { ...CRASH, action: "reboot" }, 2000)).to.equal(true);
    expect(recoverySeen(whole, CRASH, 2000)).to.equal(false);
  });

  it("after planned reboots, waits for every lane to answer an attempt started once the pair was ready", () => {
    const attempt = (startMs: number, ok: boolean): AttemptRecord => ({ seq: startMs, startMs, endMs: startMs + 10, ok });
    const snap = (dhcp: AttemptRecord[]): ProbeSnapshot => ({ nowMs: 7000, marks: [], lanes: { dns: [attempt(6500, true)], ntp: [attempt(6500, true)], dhcp } });
    expect(pairRecovered(snap([attempt(5000, true), attempt(6000, false)]), 6158)).to.equal(false);
    expect(pairRecovered(snap([attempt(6000, false), attempt(7000, true)]), 6158)).to.equal(true);
    expect(pairRecovered({ nowMs: 7000, marks: [], lanes: { dns: [attempt(6500, true)] } }, 6158)).to.equal(true);
  });
});
