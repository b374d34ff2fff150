import { describe, it } from "node:test";
import { expect } from "chai";
import { parseIpv4 } from "./ip.ts";
import { absoluteName, canonicalDomain, isInside, parseValue, rdataText, recordName } from "./records.ts";
import type { ParsedValue } from "./records.ts";

const ORIGIN = "office.example.com";

function ok(parsed: ParsedValue) {
  if (!parsed.ok) throw new Error(`expected a value, got: ${parsed.message}`);
  return parsed.data;
}

describe("record names", () => {
  it("keep domains lower case without the trailing dot", () => {
    expect(canonicalDomain("Office.Example.COM.")).to.equal("office.example.com");
    expect(canonicalDomain(" office.example.com ")).to.equal("office.example.com");
  });

  it("read a name without a trailing dot as relative to its zone", () => {
    expect(absoluteName("www", ORIGIN)).to.equal("www.office.example.com");
    expect(absoluteName("_ipp._tcp", ORIGIN)).to.equal("_ipp._tcp.office.example.com");
    expect(absoluteName("WWW", ORIGIN)).to.equal("www.office.example.com");
  });

  it("read a name with a trailing dot as absolute, and @ as the apex", () => {
    expect(absoluteName("build.lab.example.com.", ORIGIN)).to.equal("build.lab.example.com");
    expect(absoluteName("@", ORIGIN)).to.equal(ORIGIN);
    expect(absoluteName("", ORIGIN)).to.equal(ORIGIN);
  });

  it("tell whether a name lies in a zone, label by label", () => {
    expect(isInside("www.office.example.com", ORIGIN)).to.equal(true);
    expect(isInside(ORIGIN, ORIGIN)).to.equal(true);
    expect(isInside("www.backoffice.example.com", ORIGIN)).to.equal(false);
    expect(isInside("example.com", ORIGIN)).to.equal(false);
  });

  it("turn an address written as a PTR's name into its reverse name", () => {
    expect(recordName("PTR", "198.18.10.80", ORIGIN)).to.equal("80.10.18.198.in-addr.arpa");
    expect(recordName("PTR", "80", "10.18.198.in-addr.arpa")).to.equal("80.10.18.198.in-addr.arpa");
    expect(recordName("A", "198.18.10.80", ORIGIN)).to.equal("198.18.10.80.office.example.com");
  });
});

describe("record values", () => {
  it("A: an IPv4 address", () => {
    expect(ok(parseValue("A", "198.18.10.25", ORIGIN))).to.deep.equal({ type: "A", address: parseIpv4("198.18.10.25") });
    const bad = parseValue("A", "mail.example.com", ORIGIN);
    expect(bad.ok).to.equal(false);
    expect(!bad.ok && bad.message).to.equal('"mail.example.com" is not an IPv4 address');
  });

  it("AAAA: an IPv6 address, lower-cased", () => {
    expect(ok(parseValue("AAAA", "FD00:20::80", ORIGIN))).to.deep.equal({ type: "AAAA", address: "fd00:20::80" });
    expect(parseValue("AAAA", "198.18.10.25", ORIGIN).ok).to.equal(false);
  });

  it("CNAME, PTR and NS: a host name, relative to the zone unless absolute", () => {
    expect(ok(parseValue("CNAME", "nas", ORIGIN))).to.deep.equal({ type: "CNAME", target: "nas.office.example.com" });
    expect(ok(parseValue("PTR", "www.campus.example.edu.", ORIGIN))).to.deep.equal({ type: "PTR", target: "www.campus.example.edu" });
    expect(ok(parseValue("NS", "ns1", ORIGIN))).to.deep.equal({ type: "NS", target: "ns1.office.example.com" });
    expect(parseValue("CNAME", "nas box", ORIGIN).ok).to.equal(false);
    expect(parseValue("CNAME", "-nas", ORIGIN).ok).to.equal(false);
  });

  it("MX: a preference and a host", () => {
    expect(ok(parseValue("MX", "10 mail", ORIGIN))).to.deep.equal({ type: "MX", preference: 10, exchange: "mail.office.example.com" });
    expect(ok(parseValue("MX", "0 .", ORIGIN))).to.deep.equal({ type: "MX", preference: 0, exchange: "" });
    for (const bad of ["mail", "10", "ten mail", "70000 mail", "10 mail extra"]) expect(parseValue("MX", bad, ORIGIN).ok, bad).to.equal(false);
  });

  it("SRV: priority, weight, port and target", () => {
    expect(ok(parseValue("SRV", "0 100 389 dc1", ORIGIN))).to.deep.equal({ type: "SRV", priority: 0, weight: 100, port: 389, target: "dc1.office.example.com" });
    expect(ok(parseValue("SRV", "0 0 0 .", ORIGIN))).to.deep.equal({ type: "SRV", priority: 0, weight: 0, port: 0, target: "" });
    for (const bad of ["0 0 printer", "0 0 631", "0 0 65536 printer", "a b c d", "0 0 631 printer extra"]) expect(parseValue("SRV", bad, ORIGIN).ok, bad).to.equal(false);
  });

  it("TXT: plain text as one string, or quoted strings", () => {
    expect(ok(parseValue("TXT", "v=spf1 mx -all", ORIGIN))).to.deep.equal({ type: "TXT", text: ["v=spf1 mx -all"] });
    expect(ok(parseValue("TXT", '"a b" "c\\"d"', ORIGIN))).to.deep.equal({ type: "TXT", text: ["a b", 'c"d'] });
    expect(parseValue("TXT", '"unbalanced', ORIGIN).ok).to.equal(false);
    expect(parseValue("TXT", "x".repeat(256), ORIGIN).ok).to.equal(false);
    expect(ok(parseValue("TXT", `"${"x".repeat(255)}" "more"`, ORIGIN))).to.deep.equal({ type: "TXT", text: ["x".repeat(255), "more"] });
  });

  it("take a number where YAML read one", () => {
    expect(ok(parseValue("TXT", 42, ORIGIN))).to.deep.equal({ type: "TXT", text: ["42"] });
  });

  it("print in zone-file form with absolute targets", () => {
    expect(rdataText({ type: "A", address: parseIpv4("198.18.10.25")! })).to.equal("198.18.10.25");
    expect(rdataText({ type: "CNAME", target: "nas.office.example.com" })).to.equal("nas.office.example.com.");
    expect(rdataText({ type: "MX", preference: 10, exchange: "mail.office.example.com" })).to.equal("10 mail.office.example.com.");
    expect(rdataText({ type: "SRV", priority: 0, weight: 5, port: 631, target: "printer.office.example.com" })).to.equal("0 5 631 printer.office.example.com.");
    expect(rdataText({ type: "TXT", text: ['say "hi"', "two"] })).to.equal('"say \\"hi\\"" "two"');
  });
});
