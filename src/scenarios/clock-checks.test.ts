import { describe, it } from "node:test";
import { expect } from "chai";
import { loadFixture } from "../testing/fixtures.ts";
import { chronyReportWithinMs, parseSystemTime } from "./clock-checks.ts";

describe("clock checks", () => {
  it("reads how far chronyd says the system clock is from NTP time", () => {
    const tracking = ["Reference ID    : C000027B (192.0.2.123)", "Stratum         : 2", "System time     : 89.999984741 seconds fast of NTP time", "Last offset     : -0.000000021 seconds"].join("\n");
    expect(parseSystemTime(tracking)).to.equal(89.999984741);
    expect(parseSystemTime("System time     : 0.000001000 seconds slow of NTP time")).to.equal(-0.000001);
    expect(parseSystemTime("506 Cannot talk to daemon")).to.equal(undefined);
  });

  it("gives chrony eight updates to report a clock: burst-spaced with a fast poll, at the minimum poll otherwise", async () => {
    const office = await loadFixture("small-office");
    expect(chronyReportWithinMs(office)).to.equal(16_000);
    expect(chronyReportWithinMs({ ...office, ntp: { ...office.ntp, poll: { min: 4, max: 6 } } })).to.equal(128_000);
  });
});
