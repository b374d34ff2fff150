import { describe, it } from "node:test";
import { expect } from "chai";
import { LineCounter, parseDocument } from "yaml";
import { Positions } from "./positions.ts";

const TEXT = `site:
  name: office
segments:
  - name: lan
    subnet: 198.18.10.0/24
    dhcp:
      pools: [198.18.10.100-198.18.10.199, 198.18.10.210-198.18.10.220]
  - { name: guest, subnet: 198.18.30.0/24 }
dns:
  forwarders:
ha:
  delay: 1
  delay: 2
`;

const lines = new LineCounter();
const positions = new Positions(parseDocument(TEXT, { lineCounter: lines, uniqueKeys: false }), lines);
const at = (...path: (string | number)[]) => positions.locate(path);

describe("Positions", () => {
  it("finds the value at a path of keys and indices", () => {
    expect(at("site", "name")).to.deep.equal({ line: 2, col: 9 });
    expect(at("segments", 0, "subnet")).to.deep.equal({ line: 5, col: 13 });
    expect(at("segments", 0, "dhcp", "pools", 1)).to.deep.equal({ line: 7, col: 44 });
    expect(at("segments", 1, "subnet")).to.deep.equal({ line: 8, col: 28 });
  });

  it("finds the key itself when asked", () => {
    expect(positions.locate(["segments", 0, "dhcp"], true)).to.deep.equal({ line: 6, col: 5 });
    expect(positions.locate(["segments", 1, "name"], true)).to.deep.equal({ line: 8, col: 7 });
  });

  it("stops at the deepest place that exists for a key that was not written", () => {
    expect(at("segments", 0, "gateway")).to.deep.equal({ line: 4, col: 5 });
    expect(at("segments", 5)).to.deep.equal({ line: 4, col: 3 });
    expect(at("ntp")).to.deep.equal({ line: 1, col: 1 });
  });

  it("points at the key of a key with no value", () => {
    expect(at("dns", "forwarders")).to.deep.equal({ line: 10, col: 3 });
  });

  it("uses the last of duplicate keys, whose value YAML keeps", () => {
    expect(at("ha", "delay")).to.deep.equal({ line: 13, col: 10 });
  });
});
