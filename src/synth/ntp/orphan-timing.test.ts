import { expect } from "chai";
import { describe, it } from "node:test";
import { maxPollSeconds, orphanTiming } from "./orphan-timing.ts";

describe("orphan timing", () => {
  it("counts in the site's longest poll, chrony's 2^10 s when the site sets none", () => {
    expect(maxPollSeconds({ max: 0 })).to.equal(1);
    expect(maxPollSeconds({ max: -1 })).to.equal(0.5);
    expect(maxPollSeconds(undefined)).to.equal(1024);
  });

  it("waits eight polls for the local clock, and settles once no upstream is selectable plus two polls", () => {
    // 8 polls unanswered + 4 more selectable = 12 polls; the wait (8) is shorter.
    expect(orphanTiming({ max: 0 })).to.deep.equal({ waitSeconds: 8, settleSeconds: 14 });
    expect(orphanTiming({ max: 2 })).to.deep.equal({ waitSeconds: 32, settleSeconds: 56 });
  });
});
