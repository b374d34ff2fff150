import { describe, it } from "node:test";
import { expect } from "chai";
import { analyseTimeline, findOutages, markNamed, summaryLine } from "./analysis.ts";
import type { AttemptRecord, TimelineRecord } from "./types.ts";

/** Attempts every 100 ms from a pattern: "." succeeded, "x" failed (ending 30 ms later). */
function record(pattern: string, marks: TimelineRecord["marks"] = [], stoppedMs = pattern.length * 100): TimelineRecord {
  const attempts: AttemptRecord[] = [...pattern].map((c, seq) =>
    c === "." ? { seq, startMs: seq * 100, endMs: seq * 100 + 30, ok: true } : { seq, startMs: seq * 100, endMs: seq * 100 + 30, ok: false, error: { message: `miss ${seq}`, reason: "timeout" } },
  );
  return { name: "t", startedAt: 0, stoppedMs, intervalMs: 100, timeoutMs: 50, maxInFlight: null, attempts, marks, skippedTicks: 0 };
}

describe("timeline analysis", () => {
  it("finds maximal runs of failures, from the first failure's start to the next success's start", () => {
    const outages = findOutages(record("..xxx..x.."));
    expect(outages).to.deep.equal([
      { startMs: 200, endMs: 500, durationMs: 300, failedAttempts: 3, firstSeq: 2, lastSeq: 4, ongoing: false, firstError: { message: "miss 2", reason: "timeout" } },
      { startMs: 700, endMs: 800, durationMs: 100, failedAttempts: 1, firstSeq: 7, lastSeq: 7, ongoing: false, firstError: { message: "miss 7", reason: "timeout" } },
    ]);
  });

  it("orders attempts by start, whatever order they finished in", () => {
    const r = record("..xx..");
    const shuffled = { ...r, attempts: [...r.attempts].reverse() };
    expect(findOutages(shuffled)).to.deep.equal(findOutages(r));
  });

  it("leaves an outage open until recording stopped when nothing succeeded after it", () => {
    const [outage] = findOutages(record("...xx", [], 520));
    expect(outage).to.deep.include({ startMs: 300, endMs: 520, durationMs: 220, ongoing: true });
  });

  it("sums downtime, picks the longest outage and the success ratio", () => {
    const a = analyseTimeline(record("x..xxx...."));
    expect(a).to.deep.include({ attempts: 10, successes: 6, failures: 4, successRatio: 0.6, longestOutageMs: 300, totalDowntimeMs: 400 });
    expect(a.longestOutage?.startMs).to.equal(300);
    expect(analyseTimeline(record("")).successRatio).to.equal(null);
    expect(analyseTimeline(record("....")).longestOutage).to.equal(null);
  });

  it("measures from a mark: first failure and recovery of the outage that follows", () => {
    const a = analyseTimeline(record("x...xxxx...", [{ label: "crash ns1", atMs: 350 }]));
    const crash = markNamed(a, "crash ns1");
    expect(crash).to.deep.include({ atMs: 350, firstFailureMs: 50, recoveryMs: 450 });
    expect(crash?.outage?.startMs).to.equal(400);
  });

  it("measures recovery from a mark made during an outage (heal while down)", () => {
    const a = analyseTimeline(record("..xxxxxx..", [{ label: "heal", atMs: 550 }]));
    expect(markNamed(a, "heal")).to.deep.include({ firstFailureMs: 50, recoveryMs: 250 });
    expect(markNamed(a, "heal")?.outage?.startMs).to.equal(200);
  });

  it("reports 0 recovery when nothing failed after the mark, null when it never recovered", () => {
    const fine = analyseTimeline(record("xx......", [{ label: "reboot standby", atMs: 300 }]));
    expect(markNamed(fine, "reboot standby")).to.deep.include({ firstFailureMs: null, outage: null, recoveryMs: 0 });
    const dead = analyseTimeline(record("...xxxx", [{ label: "crash", atMs: 250 }]));
    expect(markNamed(dead, "crash")).to.deep.include({ firstFailureMs: 50, recoveryMs: null });
    expect(markNamed(dead, "crash")?.outage?.ongoing).to.equal(true);
  });

  it("does not blame a mark for an outage that ended before it", () => {
    const a = analyseTimeline(record("xx..........", [{ label: "late", atMs: 200 }]));
    expect(markNamed(a, "late")).to.deep.include({ outage: null, recoveryMs: 0 });
  });

  it("summarises in one line", () => {
    expect(summaryLine("dns", analyseTimeline(record("..xxx.....")))).to.equal("dns: 10 attempts, 70.0% ok, 1 outage, longest 300 ms from 200 ms");
  });
});
