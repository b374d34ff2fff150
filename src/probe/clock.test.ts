import { describe, it } from "node:test";
import { expect } from "chai";
import { ManualClock, systemClock } from "./clock.ts";

describe("ManualClock", () => {
  it("wakes sleepers in time order as it advances, and only those due", async () => {
    const clock = new ManualClock(1000);
    const woke: [string, number][] = [];
    void clock.sleep(300).then(() => woke.push(["b", clock.now()]));
    void clock.sleep(100).then(() => woke.push(["a", clock.now()]));
    void clock.sleep(900).then(() => woke.push(["c", clock.now()]));
    await clock.advance(500);
    expect(woke).to.deep.equal([
      ["a", 1100],
      ["b", 1300],
    ]);
    expect(clock.now()).to.equal(1500);
    expect(clock.pending).to.equal(1);
  });

  it("lets a woken sleeper schedule another that falls inside the same advance", async () => {
    const clock = new ManualClock();
    const times: number[] = [];
    const loop = async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(10);
        times.push(clock.now());
      }
    };
    void loop();
    await clock.advance(100);
    expect(times).to.deep.equal([10, 20, 30]);
  });

  it("rejects an aborted sleep with the signal's reason and forgets it", async () => {
    const clock = new ManualClock();
    const stop = new AbortController();
    const sleeping = clock.sleep(1000, stop.signal);
    stop.abort(new Error("cancelled"));
    const error = await sleeping.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal("cancelled");
    expect(clock.pending).to.equal(0);
  });

  it("runs work to completion by jumping from sleeper to sleeper", async () => {
    const clock = new ManualClock();
    const work = (async () => {
      await clock.sleep(4000);
      await clock.sleep(8000);
      return clock.now();
    })();
    expect(await clock.run(work)).to.equal(12000);
  });

  it("fails instead of hanging when the work waits on something else", async () => {
    const clock = new ManualClock();
    const error = await clock.run(new Promise(() => undefined)).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/not on this clock/);
  });

  it("fails when the work outlasts the limit", async () => {
    const clock = new ManualClock();
    const error = await clock.run(clock.sleep(10_000), 5000).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/within 5000 ms/);
  });
});

describe("systemClock", () => {
  it("sleeps in real time and can be cancelled", async () => {
    const start = systemClock.now();
    await systemClock.sleep(20);
    expect(systemClock.now() - start).to.be.at.least(15);
    const stop = new AbortController();
    const sleeping = systemClock.sleep(60_000, stop.signal);
    stop.abort(new Error("cancelled"));
    const error = await sleeping.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.equal("cancelled");
  });
});
