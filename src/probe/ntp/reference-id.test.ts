import { describe, it } from "node:test";
import { expect } from "chai";
import { asciiId, dottedQuad, referenceIdText } from "./reference-id.ts";

describe("reference ids", () => {
  const locl = 0x4c4f434c;
  it("reads strata 0 and 1 as ASCII, dropping trailing NULs", () => {
    expect(referenceIdText(1, locl)).to.equal("LOCL");
    expect(referenceIdText(1, 0x47505300)).to.equal("GPS");
    expect(referenceIdText(0, 0x52415445)).to.equal("RATE");
    expect(asciiId(0x41000142)).to.equal("A..B");
  });

  it("reads higher strata as an IPv4 address", () => {
    expect(referenceIdText(3, 0x7f7f0101)).to.equal("127.127.1.1");
    expect(dottedQuad(0xc0000201)).to.equal("192.0.2.1");
  });
});
