import { describe, it } from "node:test";
import { expect } from "chai";
import type { AttemptRecord, Timeline } from "../probe/index.ts";
import { analyseTimeline } from "../probe/index.ts";
import type { ProbeTimelines } from "./continuous-probes.ts";
import { escapeXml, probeChart, stateRuns, tickStep, timelineChart } from "./timeline-chart.ts";

function attempts(pattern: string, intervalMs: number, server: (i: number) => string, extra: (i: number) => object = () => ({})): AttemptRecord[] {
  return [...pattern].map((c, seq) =>
    c === "."
      ? { seq, startMs: seq * intervalMs, endMs: seq * intervalMs + 5, ok: true, detail: { server: server(seq), ...extra(seq) } }
      : { seq, startMs: seq * intervalMs, endMs: seq * intervalMs + 5, ok: false, detail: { server: server(seq), ...extra(seq) }, error: { message: `miss <${seq}>` } },
  );
}

function timeline(name: string, list: AttemptRecord[], intervalMs: number, marks = [{ label: "crash ns1", atMs: 2000 }]): Timeline {
  const record = { name, startedAt: 0, stoppedMs: list.length * intervalMs, intervalMs, timeoutMs: 1000, maxInFlight: null, attempts: list, marks, skippedTicks: 0 };
  return { ...record, analysis: analyseTimeline(record) };
}

describe("timeline chart", () => {
  it("picks round axis steps", () => {
    expect(tickStep(9000)).to.equal(1000);
    expect(tickStep(30_000)).to.equal(5000);
    expect(tickStep(300_000)).to.equal(30_000);
  });

  it("turns HA observations into runs of one state per node", () => {
    const obs: AttemptRecord[] = [
      { seq: 0, startMs: 0, endMs: 10, ok: true, detail: { ns1: "hot-standby", ns2: "hot-standby" } },
      { seq: 1, startMs: 500, endMs: 510, ok: true, detail: { ns1: "unreachable", ns2: "hot-standby" } },
      { seq: 2, startMs: 1000, endMs: 1010, ok: true, detail: { ns1: "unreachable", ns2: "partner-down" } },
    ];
    const runs = stateRuns(obs, 1500);
    expect(runs.get("ns1")).to.deep.equal([
      { state: "hot-standby", fromMs: 0, toMs: 500 },
      { state: "unreachable", fromMs: 500, toMs: 1500 },
    ]);
    expect(runs.get("ns2")).to.deep.equal([
      { state: "hot-standby", fromMs: 0, toMs: 1000 },
      { state: "partner-down", fromMs: 1000, toMs: 1500 },
    ]);
  });

  it("draws every attempt, the servers, the outage, its bound, the marks and the HA states", () => {
    const dhcpList = attempts("....xxxxx...", 1000, (i) => (i < 4 ? "ns1" : "ns2"), (i) => ({ waitMs: i >= 4 && i < 9 ? 12_000 - (i - 4) * 1000 : 10 }));
    const t: ProbeTimelines = {
      startedAt: 0,
      view: { segment: "lan", dnsServers: [], ntpServers: [], question: { name: "a.", type: "A", data: [], zone: "x" }, dhcp: true },
      lanes: {
        dns: timeline("DNS", attempts("........................", 500, (i) => (i < 4 ? "ns1" : "ns2")), 500),
        dhcp: timeline("DHCP", dhcpList, 1000),
        ha: timeline("Kea HA", [{ seq: 0, startMs: 0, endMs: 5, ok: true, detail: { ns1: "hot-standby", ns2: "hot-standby" } }, { seq: 1, startMs: 9000, endMs: 9005, ok: true, detail: { ns1: "unreachable", ns2: "partner-down" } }], 500),
      },
    };
    const svg = probeChart(t, { title: "the primary crashes", bounds: { dhcp: 12_000 } });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
    expect(svg.trimEnd().endsWith("</svg>")).to.equal(true);
    expect(svg).to.include(">the primary crashes<");
    expect(svg.match(/<title>[0-9.]+ s: /g)).to.have.length(24 + 12);
    expect(svg).to.include("miss &lt;4&gt;");
    expect(svg).to.include(">bound 12.0 s<");
    expect(svg).to.include(">crash ns1<");
    expect(svg).to.include(">partner-down<");
    expect(svg).to.include("waited 12.0 s for its lease");
    expect(svg).to.include(">from ns1<").and.to.include(">from ns2<");
    expect(svg).to.include("<title>outage 5.0 s</title>");
    // Well-formed enough for a browser: every element that opens closes.
    expect((svg.match(/<rect/g) ?? []).length).to.equal((svg.match(/<rect[^>]*\/>|<\/rect>/g) ?? []).length);
  });

  it("draws an empty run without failing", () => {
    const svg = timelineChart({ title: "nothing", lanes: [], marks: [], endMs: 0 });
    expect(svg).to.include(">nothing<");
  });

  it("escapes text for XML", () => {
    expect(escapeXml(`a<b & "c">`)).to.equal("a&lt;b &amp; &quot;c&quot;&gt;");
  });
});
