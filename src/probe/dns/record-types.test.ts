import { describe, it } from "node:test";
import { expect } from "chai";
import { classCode, className, fromPacketName, typeCode, typeName } from "./record-types.ts";

describe("record types", () => {
  it("knows mnemonics in any case, including types dns-packet lacks", () => {
    expect(typeCode("srv")).to.equal(33);
    expect(typeCode("HTTPS")).to.equal(65);
    expect(typeCode("URI")).to.equal(256);
    expect(typeName(64)).to.equal("SVCB");
  });

  it("takes RFC 3597 TYPE<n> and CLASS<n> and prints unknown codes that way", () => {
    expect(typeCode("TYPE65280")).to.equal(65280);
    expect(typeName(65280)).to.equal("TYPE65280");
    expect(classCode("CLASS42")).to.equal(42);
    expect(className(42)).to.equal("CLASS42");
    expect(classCode("ch")).to.equal(3);
  });

  it("rejects names it cannot map, saying how to spell a type", () => {
    expect(() => typeCode("AAAAA")).to.throw(RangeError, /TYPE<number>/);
    expect(() => typeCode("TYPE70000")).to.throw(RangeError);
  });

  it("translates dns-packet's UNKNOWN_<n>", () => {
    expect(fromPacketName("UNKNOWN_65", "type")).to.equal("HTTPS");
    expect(fromPacketName("UNKNOWN_99", "class")).to.equal("CLASS99");
    expect(fromPacketName("MX", "type")).to.equal("MX");
  });
});
