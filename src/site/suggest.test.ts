import { describe, it } from "node:test";
import { expect } from "chai";
import { closest, didYouMean, editDistance, foldKey } from "./suggest.ts";

const SEGMENT_KEYS = ["name", "subnet", "subnet6", "gateway", "relayed", "dhcp", "pxe"];
const HA_KEYS = ["mode", "heartbeat-delay", "max-response-delay", "max-ack-delay", "max-unacked-clients", "port", "user", "password"];

describe("editDistance", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance("", "")).to.equal(0);
    expect(editDistance("gateway", "gateway")).to.equal(0);
    expect(editDistance("gatway", "gateway")).to.equal(1);
    expect(editDistance("gateways", "gateway")).to.equal(1);
    expect(editDistance("gatexay", "gateway")).to.equal(1);
    expect(editDistance("", "abc")).to.equal(3);
    expect(editDistance("kitten", "sitting")).to.equal(3);
  });

  it("counts two swapped letters as one slip", () => {
    expect(editDistance("gaetway", "gateway")).to.equal(1);
    expect(editDistance("install-deivce", "install-device")).to.equal(1);
  });

  it("stops early past a bound, answering bound + 1", () => {
    expect(editDistance("gateway", "subnet6", 1)).to.equal(2);
    expect(editDistance("a", "abcdef", 2)).to.equal(3);
    expect(editDistance("gaetway", "gateway", 1)).to.equal(1);
    expect(editDistance("kitten", "sitting", 3)).to.equal(3);
  });

  it("is symmetric", () => {
    for (const [a, b] of [["relayd", "relayed"], ["abc", "cab"], ["lease_time", "lease-time"]] as const) {
      expect(editDistance(a, b)).to.equal(editDistance(b, a));
    }
  });
});

describe("foldKey", () => {
  it("reads snake_case, camelCase and upper case as kebab-case", () => {
    expect(foldKey("lease_time")).to.equal("lease-time");
    expect(foldKey("leaseTime")).to.equal("lease-time");
    expect(foldKey("LEASE-TIME")).to.equal("lease-time");
    expect(foldKey("maxResponseDelay")).to.equal("max-response-delay");
  });
});

describe("closest", () => {
  it("finds a key with a slip of a letter or two", () => {
    expect(closest("gatway", SEGMENT_KEYS)).to.equal("gateway");
    expect(closest("relayd", SEGMENT_KEYS)).to.equal("relayed");
    expect(closest("subnett", SEGMENT_KEYS)).to.equal("subnet");
    expect(closest("dhpc", SEGMENT_KEYS)).to.equal("dhcp");
  });

  it("finds a key written in another case style", () => {
    expect(closest("heartbeatDelay", HA_KEYS)).to.equal("heartbeat-delay");
    expect(closest("max_ack_delay", HA_KEYS)).to.equal("max-ack-delay");
    expect(closest("PASSWORD", HA_KEYS)).to.equal("password");
  });

  it("finds a key cut short when only one key starts that way", () => {
    expect(closest("heartbeat", HA_KEYS)).to.equal("heartbeat-delay");
    expect(closest("max", HA_KEYS)).to.equal(undefined);
  });

  it("suggests nothing for a word that is no typo of any candidate", () => {
    expect(closest("vlan", SEGMENT_KEYS)).to.equal(undefined);
    expect(closest("mtu", SEGMENT_KEYS)).to.equal(undefined);
    expect(closest("anything", [])).to.equal(undefined);
  });

  it("allows short words one slip only", () => {
    expect(closest("pex", SEGMENT_KEYS)).to.equal("pxe");
    expect(closest("ip", ["mac", "ip", "hostname", "pxe"])).to.equal("ip");
    expect(closest("xy", ["ab"])).to.equal(undefined);
  });

  it("prefers the nearest candidate, and the first one listed on a tie", () => {
    expect(closest("lab", ["labs", "lan", "lab-2"])).to.equal("labs");
    expect(closest("subnet7", SEGMENT_KEYS)).to.equal("subnet");
  });

  it("works for names as well as keys", () => {
    expect(closest("fcos-lve", ["fcos-live", "fcos-install"])).to.equal("fcos-live");
    expect(closest("memtest", ["fcos-live", "fcos-install"])).to.equal(undefined);
  });
});

describe("didYouMean", () => {
  it("phrases the suggestion, or gives nothing", () => {
    expect(didYouMean("gatway", SEGMENT_KEYS)).to.equal('did you mean "gateway"?');
    expect(didYouMean("vlan", SEGMENT_KEYS)).to.equal(undefined);
  });
});
