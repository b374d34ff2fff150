import { describe, it } from "node:test";
import { expect } from "chai";
import { clockOffset, roundTripDelay } from "./arithmetic.ts";

describe("RFC 5905 on-wire arithmetic", () => {
  it("computes offset and delay for a server ahead of us", () => {
    // Sent at 0, the server got it at 110 and answered at 115 (its clock), back at 20 (ours).
    const t = { t1: 0, t2: 110, t3: 115, t4: 20 };
    expect(clockOffset(t)).to.equal(102.5);
    expect(roundTripDelay(t)).to.equal(15);
  });

  it("gives a negative offset for a server behind us", () => {
    const t = { t1: 1000, t2: 500.25, t3: 500.75, t4: 1002 };
    expect(clockOffset(t)).to.equal(-500.5);
    expect(roundTripDelay(t)).to.equal(1.5);
  });

  it("gives zero offset for synchronised clocks and a symmetric path", () => {
    const t = { t1: 1_700_000_000_000, t2: 1_700_000_000_004, t3: 1_700_000_000_005, t4: 1_700_000_000_009 };
    expect(clockOffset(t)).to.equal(0);
    expect(roundTripDelay(t)).to.equal(8);
  });
});
