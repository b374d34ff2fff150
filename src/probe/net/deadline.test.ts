import { describe, it } from "node:test";
import { expect } from "chai";
import { ManualClock } from "../clock.ts";
import { DeadlineError, withDeadline } from "./deadline.ts";

const timeout = () => new DeadlineError("too slow", 100);

describe("withDeadline", () => {
  it("returns the work's value and leaves no sleeper behind", async () => {
    const clock = new ManualClock();
    expect(await withDeadline({ clock, timeoutMs: 100, onTimeout: timeout }, async () => 7)).to.equal(7);
    await clock.advance(0);
    expect(clock.pending).to.equal(0);
  });

  it("fails with the timeout error at the deadline, aborting the work's signal", async () => {
    const clock = new ManualClock();
    let seen: AbortSignal | undefined;
    const work = withDeadline({ clock, timeoutMs: 100, onTimeout: timeout }, (signal) => {
      seen = signal;
      return new Promise<never>(() => undefined); // ignores its signal on purpose
    });
    const error = await clock.run(work).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(DeadlineError).with.property("message", "too slow");
    expect(clock.now()).to.equal(100);
    expect(seen?.aborted).to.equal(true);
  });

  it("gives up with the outer signal's reason", async () => {
    const clock = new ManualClock();
    const outer = new AbortController();
    const work = withDeadline({ clock, timeoutMs: 100, signal: outer.signal, onTimeout: timeout }, () => new Promise<never>(() => undefined));
    outer.abort(new Error("stop"));
    const error = await work.then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property("message", "stop");
    await clock.advance(0);
    expect(clock.pending).to.equal(0);
  });

  it("fails at once when the outer signal has already aborted", async () => {
    const outer = AbortSignal.abort(new Error("already"));
    const error = await withDeadline({ clock: new ManualClock(), timeoutMs: 100, signal: outer, onTimeout: timeout }, () => new Promise<never>(() => undefined)).then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property("message", "already");
  });

  it("passes the work's own failure through", async () => {
    const error = await withDeadline({ clock: new ManualClock(), timeoutMs: 100, onTimeout: timeout }, async () => {
      throw new Error("broken");
    }).then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property("message", "broken");
  });

  it("refuses a deadline that is not positive", async () => {
    const error = await withDeadline({ clock: new ManualClock(), timeoutMs: 0, onTimeout: timeout }, async () => 1).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(RangeError);
  });
});
