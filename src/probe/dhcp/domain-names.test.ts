import { describe, it } from "node:test";
import { expect } from "chai";
import { hexToBytes } from "./bytes.ts";
import { DhcpCodecError } from "./codec-error.ts";
import { decodeDomainList, encodeDomainList, encodeName, readName } from "./domain-names.ts";

function ascii(text: string): string {
  return Buffer.from(text, "latin1").toString("hex");
}

// RFC 3397 §3's example: "eng.apple.com." then "marketing.apple.com.", the
// second pointing at "apple.com" (offset 4) of the first.
const RFC3397_EXAMPLE = hexToBytes(`03${ascii("eng")}05${ascii("apple")}03${ascii("com")}0009${ascii("marketing")}c004`);

describe("domain names (RFC 1035 wire format, RFC 3397 lists)", () => {
  it("decodes the RFC 3397 example list with its compression pointer", () => {
    expect(decodeDomainList(RFC3397_EXAMPLE)).to.deep.equal(["eng.apple.com", "marketing.apple.com"]);
  });

  it("encodes that list to exactly the RFC's octets", () => {
    expect(encodeDomainList(["eng.apple.com", "marketing.apple.com."])).to.deep.equal(RFC3397_EXAMPLE);
  });

  it("points a name that repeats a whole earlier name at it", () => {
    const data = encodeDomainList(["lab.example", "example", "lab.example"]);
    expect(Buffer.from(data).toString("hex")).to.equal(`03${ascii("lab")}07${ascii("example")}00c004c000`);
    expect(decodeDomainList(data)).to.deep.equal(["lab.example", "example", "lab.example"]);
  });

  it("writes every label out when compression is off", () => {
    const data = encodeDomainList(["a.example", "b.example"], false);
    expect(decodeDomainList(data)).to.deep.equal(["a.example", "b.example"]);
    expect(data.length).to.equal(2 * (1 + 1 + 1 + 7 + 1));
  });

  it("round-trips a long list of names sharing suffixes", () => {
    const names = Array.from({ length: 40 }, (_, i) => `host${i}.rack${i % 4}.dc${i % 2}.corp.example`);
    const data = encodeDomainList(names);
    expect(decodeDomainList(data)).to.deep.equal(names);
    expect(data.length).to.be.lessThan(encodeDomainList(names, false).length / 2);
  });

  it("refuses a pointer that points forward or loops", () => {
    expect(() => decodeDomainList(hexToBytes("c002000000"))).to.throw(DhcpCodecError, /forward/);
    // Backward pointers alone cannot loop; a label and a pointer back to it can, until the name is too long.
    expect(() => decodeDomainList(hexToBytes(`01${ascii("a")}c000`))).to.throw(DhcpCodecError, /longer than 255|too many/);
  });

  it("refuses a name that runs past the data or a bad label type", () => {
    expect(() => decodeDomainList(hexToBytes(`05${ascii("ab")}`))).to.throw(DhcpCodecError, /runs past/);
    expect(() => decodeDomainList(hexToBytes(`03${ascii("abc")}`))).to.throw(DhcpCodecError, /runs past/);
    expect(() => decodeDomainList(hexToBytes("4000"))).to.throw(DhcpCodecError, /label type/);
  });

  it("refuses labels over 63 octets and empty labels when encoding", () => {
    expect(() => encodeDomainList([`${"a".repeat(64)}.example`])).to.throw(DhcpCodecError, /63/);
    expect(() => encodeDomainList(["a..example"])).to.throw(DhcpCodecError, /empty label/);
  });

  it("reads a partial name (no root label) only when allowed, as RFC 4702 clients send", () => {
    const partial = encodeName("probe", true);
    expect(Buffer.from(partial).toString("hex")).to.equal(`05${ascii("probe")}`);
    expect(readName(partial, 0, true)).to.deep.equal({ name: "probe", next: 6, partial: true });
    expect(() => readName(partial, 0)).to.throw(DhcpCodecError);
  });
});
