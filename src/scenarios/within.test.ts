import { describe, it } from "node:test";
import { expect } from "chai";
import { within } from "./within.ts";

describe("within", () => {
  it("returns as soon as the check finds nothing wrong", async () => {
    let calls = 0;
    const r = await within(1000, async () => (++calls < 3 ? ["not yet"] : []), 1);
    expect(r.problems).to.deep.equal([]);
    expect(calls).to.equal(3);
  });

  it("gives up after the bound with the last problems, a throwing check included", async () => {
    const r = await within(20, async () => {
      throw new Error("service starting");
    }, 5);
    expect(r.problems).to.deep.equal(["service starting"]);
    expect(r.tookMs).to.be.above(20);
  });
});
