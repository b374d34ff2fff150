import { describe, it } from "node:test";
import { expect } from "chai";
import { absoluteName, base32hex, characterString, genericRdata, presentRdata } from "./presentation.ts";

describe("presentation format", () => {
  it("makes names absolute", () => {
    expect(absoluteName("www.example.test")).to.equal("www.example.test.");
    expect(absoluteName("www.example.test.")).to.equal("www.example.test.");
    expect(absoluteName("")).to.equal(".");
    expect(absoluteName(".")).to.equal(".");
  });

  it("quotes character-strings and escapes quote, backslash and non-printables", () => {
    expect(characterString("v=spf1 -all")).to.equal('"v=spf1 -all"');
    expect(characterString('say "hi" \\o/')).to.equal('"say \\"hi\\" \\\\o/"');
    expect(characterString(Uint8Array.of(0x61, 0x0a, 0xff))).to.equal('"a\\010\\255"');
  });

  it("encodes base32hex as RFC 4648 §10 does", () => {
    expect(base32hex(Buffer.from("f"))).to.equal("CO");
    expect(base32hex(Buffer.from("foobar"))).to.equal("CPNMUOJ1E8");
  });

  it("renders the common types as a zone file would", () => {
    expect(presentRdata("A", "198.18.0.10")).to.equal("198.18.0.10");
    expect(presentRdata("PTR", "ns1.example.test")).to.equal("ns1.example.test.");
    expect(presentRdata("MX", { preference: 10, exchange: "mail.example.test" })).to.equal("10 mail.example.test.");
    expect(presentRdata("SRV", { priority: 10, weight: 60, port: 5060, target: "sip.example.test" })).to.equal("10 60 5060 sip.example.test.");
    expect(presentRdata("TXT", [Buffer.from("one"), Buffer.from("two words")])).to.equal('"one" "two words"');
    expect(presentRdata("SOA", { mname: "ns1.example.test", rname: "hostmaster.example.test", serial: 7, refresh: 3600, retry: 600, expire: 86400, minimum: 300 }))
      .to.equal("ns1.example.test. hostmaster.example.test. 7 3600 600 86400 300");
    expect(presentRdata("CAA", { flags: 0, tag: "issue", value: "ca.example" })).to.equal('0 issue "ca.example"');
  });

  it("renders DNSSEC types with hex, base64 and signature times", () => {
    expect(presentRdata("DS", { keyTag: 60485, algorithm: 5, digestType: 1, digest: Buffer.from("2bb183af", "hex") })).to.equal("60485 5 1 2BB183AF");
    expect(presentRdata("DNSKEY", { flags: 257, algorithm: 8, key: Buffer.from([1, 2, 3]) })).to.equal("257 3 8 AQID");
    expect(presentRdata("RRSIG", {
      typeCovered: "A", algorithm: 8, labels: 3, originalTTL: 300, expiration: 1_700_000_000, inception: 1_699_000_000,
      keyTag: 1234, signersName: "example.test", signature: Buffer.from([255]),
    })).to.equal("A 8 3 300 20231114221320 20231103082640 1234 example.test. /w==");
    expect(presentRdata("NSEC", { nextDomain: "b.example.test", rrtypes: ["A", "RRSIG", "NSEC"] })).to.equal("b.example.test. A RRSIG NSEC");
  });

  it("falls back to RFC 3597's generic form for types without a codec", () => {
    expect(presentRdata("UNKNOWN_65", Buffer.from("0001000001", "hex"))).to.equal("\\# 5 0001000001");
    expect(genericRdata(new Uint8Array())).to.equal("\\# 0");
  });
});
