import { describe, it } from "node:test";
import { expect } from "chai";
import { ManualClock } from "../clock.ts";
import type { Clock } from "../clock.ts";
import { startTimeline } from "./recorder.ts";

/** A service the probe talks to: up answers after 5 ms, down never answers, refusing fails at once. */
class FakeService {
  state: "up" | "down" | "refusing" = "up";
  server = "ns1";
  readonly clock: ManualClock;
  constructor(clock: ManualClock) {
    this.clock = clock;
  }
  readonly probe = async (signal: AbortSignal): Promise<{ server: string; rtt: number }> => {
    const state = this.state;
    const server = this.server;
    if (state === "refusing") throw Object.assign(new Error("connection refused"), { reason: "refused" });
    if (state === "down") {
      return new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true }));
    }
    await this.clock.sleep(5, signal);
    return { server, rtt: 5 };
  };
}

describe("timeline recorder", () => {
  it("probes on a fixed grid, records every attempt and measures the outage around a crash", async () => {
    const clock = new ManualClock(1_000_000);
    const service = new FakeService(clock);
    const timeline = startTimeline({ name: "dns", probe: service.probe, intervalMs: 200, timeoutMs: 1000, clock, describe: (v) => v.server });

    await clock.advance(900);
    timeline.mark("crash ns1", { node: "primary" });
    service.state = "down";
    await clock.advance(2000); // t = 2900
    service.state = "up";
    service.server = "ns2";
    await clock.advance(1100); // t = 4000
    const result = await clock.run(timeline.stop());

    expect(result.attempts.map((a) => a.startMs)).to.deep.equal(Array.from({ length: 21 }, (_, i) => i * 200));
    expect(result.attempts.map((a) => (a.ok ? "." : "x")).join("")).to.equal(".....xxxxxxxxxx......");
    expect(result.attempts[0]).to.deep.equal({ seq: 0, startMs: 0, endMs: 5, ok: true, detail: "ns1" });
    expect(result.attempts[5]).to.deep.include({ startMs: 1000, endMs: 2000, ok: false, error: { message: "no answer within 1000 ms", reason: "timeout" } });
    expect(result.attempts[20]?.detail).to.equal("ns2");
    expect(result.startedAt).to.equal(1_000_000);
    expect(result.stoppedMs).to.equal(4000);
    expect(result.marks).to.deep.equal([{ label: "crash ns1", atMs: 900, data: { node: "primary" } }]);

    const { analysis } = result;
    expect(analysis.outages).to.have.length(1);
    expect(analysis.outages[0]).to.deep.include({ startMs: 1000, endMs: 3000, durationMs: 2000, failedAttempts: 10, ongoing: false });
    expect(analysis.marks[0]).to.deep.include({ firstFailureMs: 100, recoveryMs: 2100 });
    expect(analysis.successRatio).to.be.closeTo(11 / 21, 1e-9);
    expect(JSON.parse(JSON.stringify(result))).to.deep.equal(result);
  });

  it("lets attempts overlap: a hanging attempt does not delay the next tick", async () => {
    const clock = new ManualClock(0);
    const service = new FakeService(clock);
    service.state = "down";
    const timeline = startTimeline({ probe: service.probe, intervalMs: 100, timeoutMs: 450, clock });
    await clock.advance(300);
    service.state = "refusing";
    await clock.advance(200);
    const result = await clock.run(timeline.stop());
    expect(result.attempts.map((a) => [a.startMs, a.endMs, a.error?.reason])).to.deep.equal([
      [0, 450, "timeout"], [100, 550, "timeout"], [200, 650, "timeout"], [300, 750, "timeout"],
      [400, 400, "refused"], [500, 500, "refused"],
    ]);
    expect(result.analysis.outages[0]).to.deep.include({ startMs: 0, endMs: 500, ongoing: true, failedAttempts: 6 });
  });

  it("with maxInFlight 1 never overlaps and counts the ticks it skipped", async () => {
    const clock = new ManualClock(0);
    const service = new FakeService(clock);
    service.state = "down";
    const timeline = startTimeline({ probe: service.probe, intervalMs: 100, timeoutMs: 250, clock, maxInFlight: 1 });
    await clock.advance(600);
    const result = await clock.run(timeline.stop());
    expect(result.attempts.map((a) => a.startMs)).to.deep.equal([0, 300, 600]);
    expect(result.skippedTicks).to.equal(4);
    expect(result.maxInFlight).to.equal(1);
  });

  it("counts a value the judge rejects as a failure, keeping its detail", async () => {
    const clock = new ManualClock(0);
    const service = new FakeService(clock);
    const timeline = startTimeline({ probe: service.probe, intervalMs: 100, timeoutMs: 50, clock, judge: (v) => (v.server === "ns1" ? "answered by ns1, expected ns2" : undefined) });
    await clock.advance(150);
    service.server = "ns2";
    await clock.advance(100);
    const result = await clock.run(timeline.stop());
    expect(result.attempts.map((a) => a.ok)).to.deep.equal([false, false, true]);
    expect(result.attempts[0]).to.deep.include({ detail: { server: "ns1", rtt: 5 }, error: { message: "answered by ns1, expected ns2", reason: "rejected" } });
  });

  it("skips the ticks it fell behind on instead of bursting", async () => {
    // A clock whose time jumps without waking sleepers, as when the event loop was blocked.
    const waiters: (() => void)[] = [];
    let now = 0;
    const clock: Clock = {
      now: () => now,
      sleep: (_ms, signal) =>
        new Promise<void>((resolve, reject) => {
          waiters.push(resolve);
          signal?.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
        }),
    };
    const timeline = startTimeline({ probe: async () => "ok", intervalMs: 100, timeoutMs: 50, clock });
    now = 1050;
    for (const wake of waiters.splice(0)) wake();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const result = await timeline.stop();
    expect(result.attempts.map((a) => a.startMs)).to.deep.equal([0, 1050]);
    expect(result.skippedTicks).to.equal(9);
  });

  it("refuses marks after stopping and returns the same result when stopped twice", async () => {
    const clock = new ManualClock(0);
    const timeline = startTimeline({ probe: async () => "ok", intervalMs: 100, timeoutMs: 50, clock });
    const first = await clock.run(timeline.stop());
    expect(await timeline.stop()).to.equal(first);
    expect(() => timeline.mark("late")).to.throw(/has stopped/);
    expect(clock.pending).to.equal(0);
  });

  it("rejects nonsense settings", () => {
    expect(() => startTimeline({ probe: async () => 1, intervalMs: 0, timeoutMs: 10 })).to.throw(RangeError);
    expect(() => startTimeline({ probe: async () => 1, intervalMs: 10, timeoutMs: 10, maxInFlight: 0 })).to.throw(RangeError);
  });
});
