import { describe, it } from "node:test";
import { expect } from "chai";
import { ANY, REMOVED, Unsure } from "./unsure.ts";

describe("Unsure", () => {
  it("is empty and touches nothing without places", () => {
    const none = new Unsure();
    expect(none.empty).to.equal(true);
    expect(none.touches(["segments", ANY, "relayed"])).to.equal(false);
  });

  it("touches a pattern on, under or above a place in doubt", () => {
    const unsure = new Unsure([["dhcp", "ha", "heartbeat-delay"]]);
    expect(unsure.touches(["dhcp", "ha"])).to.equal(true);
    expect(unsure.touches(["dhcp", "ha", "heartbeat-delay"])).to.equal(true);
    expect(unsure.touches(["dhcp", "ha", "heartbeat-delay", "x"])).to.equal(true);
    expect(unsure.touches(["dhcp", "lease-time"])).to.equal(false);
    expect(unsure.touches(["ntp"])).to.equal(false);
  });

  it("matches ANY in a pattern against items still there, not against removed ones", () => {
    const keyGone = new Unsure([["segments", 2, "relayed"]]);
    expect(keyGone.touches(["segments", ANY, "relayed"])).to.equal(true);
    expect(keyGone.touches(["segments", 1, "relayed"])).to.equal(false);
    const itemGone = new Unsure([["segments", REMOVED]]);
    expect(itemGone.touches(["segments", ANY, "relayed"])).to.equal(false);
    expect(itemGone.touches(["segments", REMOVED])).to.equal(true);
    expect(itemGone.touches(["segments"])).to.equal(true);
  });

  it("reads ANY in a place as some item, not known which", () => {
    const somewhere = new Unsure([["segments", ANY, "dhcp", "lease-time"]]);
    expect(somewhere.touches(["segments", 4, "dhcp"])).to.equal(true);
    expect(somewhere.touches(["segments", 4, "pxe"])).to.equal(false);
  });

  it("touches when any one of several patterns does", () => {
    const unsure = new Unsure([["os", "version"]]);
    expect(unsure.touches(["pxe"], ["os", "version"])).to.equal(true);
    expect(unsure.touches(["pxe"], ["os", "stream"])).to.equal(false);
  });
});
