import { describe, it } from "node:test";
import { expect } from "chai";
import { preciseNow } from "./precise-clock.ts";

describe("precise clock", () => {
  it("agrees with Date.now() to within its tolerance and has sub-millisecond resolution", () => {
    const readings = Array.from({ length: 200 }, () => {
      const before = Date.now();
      const precise = preciseNow();
      const after = Date.now();
      return { before, precise, after };
    });
    for (const r of readings) expect(r.precise).to.be.within(r.before - 2, r.after + 3);
    expect(readings.some((r) => !Number.isInteger(r.precise))).to.equal(true);
  });

  it("never goes backwards between readings", () => {
    let last = preciseNow();
    for (let i = 0; i < 1000; i++) {
      const now = preciseNow();
      expect(now).to.be.at.least(last);
      last = now;
    }
  });
});
