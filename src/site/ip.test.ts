import { describe, it } from "node:test";
import { expect } from "chai";
import {
  broadcastOf,
  cidrNetworkOf,
  contains,
  formatIpv4,
  formatRange,
  hostRange,
  maskOf,
  overlaps,
  parseCidr,
  parseIpv4,
  parseMac,
  parseRange,
  ptrName,
  rangeInside,
  reverseZonesOf,
  sizeOf,
} from "./ip.ts";
import type { Cidr } from "./ip.ts";

const cidr = (text: string): Cidr => {
  const c = parseCidr(text);
  if (!c) throw new Error(`test setup: ${text} is not a CIDR`);
  return c;
};
const ip = (text: string): number => parseIpv4(text)!;

describe("IPv4 addresses", () => {
  it("parse to unsigned 32-bit numbers and format back", () => {
    expect(parseIpv4("0.0.0.0")).to.equal(0);
    expect(parseIpv4("198.18.10.2")).to.equal(((198 * 256 + 18) * 256 + 10) * 256 + 2);
    expect(parseIpv4("255.255.255.255")).to.equal(0xffffffff);
    for (const text of ["0.0.0.0", "10.0.0.1", "198.18.10.2", "255.255.255.255"]) expect(formatIpv4(parseIpv4(text)!)).to.equal(text);
  });

  it("refuse anything that is not four decimal octets", () => {
    for (const bad of ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-1", "01.2.3.4", "1.2.3.4 ", "a.b.c.d", "1..2.3", "0x1.2.3.4"]) {
      expect(parseIpv4(bad), bad).to.equal(undefined);
    }
  });
});

describe("CIDR networks", () => {
  it("parse with the host bits zero, for /0 to /32", () => {
    expect(cidr("10.0.0.0/8")).to.deep.equal({ network: ip("10.0.0.0"), prefix: 8, text: "10.0.0.0/8" });
    expect(cidr("198.18.0.0/16").prefix).to.equal(16);
    expect(cidr("198.18.22.0/23").network).to.equal(ip("198.18.22.0"));
    expect(cidr("198.18.10.64/26").text).to.equal("198.18.10.64/26");
    expect(cidr("0.0.0.0/0").prefix).to.equal(0);
    expect(cidr("198.18.10.7/32").network).to.equal(ip("198.18.10.7"));
  });

  it("refuse host bits, bad prefixes and missing slashes", () => {
    for (const bad of ["198.18.10.1/24", "198.18.23.0/23", "10.1.0.0/8", "198.18.10.0/33", "198.18.10.0/", "198.18.10.0", "198.18.10.0/024", "198.18.10.0/x"]) {
      expect(parseCidr(bad), bad).to.equal(undefined);
    }
  });

  it("name the network a CIDR with host bits would have meant", () => {
    expect(cidrNetworkOf("198.18.10.1/24")).to.equal("198.18.10.0/24");
    expect(cidrNetworkOf("198.18.23.0/23")).to.equal("198.18.22.0/23");
    expect(cidrNetworkOf("10.20.30.40/8")).to.equal("10.0.0.0/8");
    expect(cidrNetworkOf("not/24")).to.equal(undefined);
    expect(cidrNetworkOf("1.2.3.4/40")).to.equal(undefined);
  });

  it("know their masks, sizes, broadcast addresses and usable hosts", () => {
    expect(maskOf(0)).to.equal(0);
    expect(maskOf(8)).to.equal(0xff000000);
    expect(maskOf(23)).to.equal(0xfffffe00);
    expect(maskOf(32)).to.equal(0xffffffff);
    expect(sizeOf(cidr("198.18.22.0/23"))).to.equal(512);
    expect(formatIpv4(broadcastOf(cidr("198.18.22.0/23")))).to.equal("198.18.23.255");
    expect(formatIpv4(broadcastOf(cidr("10.0.0.0/8")))).to.equal("10.255.255.255");
    expect(formatRange(hostRange(cidr("198.18.10.0/24")))).to.equal("198.18.10.1-198.18.10.254");
    expect(formatRange(hostRange(cidr("198.18.10.64/26")))).to.equal("198.18.10.65-198.18.10.126");
    // Point-to-point links and single hosts use every address.
    expect(formatRange(hostRange(cidr("198.18.10.0/31")))).to.equal("198.18.10.0-198.18.10.1");
    expect(formatRange(hostRange(cidr("198.18.10.9/32")))).to.equal("198.18.10.9-198.18.10.9");
  });

  it("contain exactly the addresses between network and broadcast", () => {
    const slash23 = cidr("198.18.22.0/23");
    expect(contains(slash23, ip("198.18.22.0"))).to.equal(true);
    expect(contains(slash23, ip("198.18.23.255"))).to.equal(true);
    expect(contains(slash23, ip("198.18.21.255"))).to.equal(false);
    expect(contains(slash23, ip("198.18.24.0"))).to.equal(false);
    expect(contains(cidr("10.0.0.0/8"), ip("10.255.0.1"))).to.equal(true);
    expect(contains(cidr("198.18.0.0/16"), ip("198.19.0.0"))).to.equal(false);
    expect(contains(cidr("198.18.10.64/26"), ip("198.18.10.127"))).to.equal(true);
    expect(contains(cidr("198.18.10.64/26"), ip("198.18.10.128"))).to.equal(false);
    expect(contains(cidr("0.0.0.0/0"), ip("255.255.255.255"))).to.equal(true);
  });

  it("overlap when one holds any address of the other", () => {
    expect(overlaps(cidr("198.18.22.0/23"), cidr("198.18.23.0/24"))).to.equal(true);
    expect(overlaps(cidr("198.18.23.0/24"), cidr("198.18.22.0/23"))).to.equal(true);
    expect(overlaps(cidr("10.0.0.0/8"), cidr("10.200.0.0/16"))).to.equal(true);
    expect(overlaps(cidr("198.18.10.0/26"), cidr("198.18.10.64/26"))).to.equal(false);
    expect(overlaps(cidr("198.18.10.0/24"), cidr("198.18.11.0/24"))).to.equal(false);
    expect(overlaps(cidr("198.18.10.0/24"), cidr("198.18.10.0/24"))).to.equal(true);
  });
});

describe("address ranges", () => {
  it("parse first-last, with or without spaces, or a CIDR", () => {
    expect(parseRange("198.18.10.100-198.18.10.199")).to.deep.equal({ first: ip("198.18.10.100"), last: ip("198.18.10.199") });
    expect(parseRange("198.18.10.100 - 198.18.10.199")).to.deep.equal({ first: ip("198.18.10.100"), last: ip("198.18.10.199") });
    expect(parseRange("198.18.10.7-198.18.10.7")).to.deep.equal({ first: ip("198.18.10.7"), last: ip("198.18.10.7") });
    expect(parseRange("198.18.10.64/26")).to.deep.equal({ first: ip("198.18.10.64"), last: ip("198.18.10.127") });
  });

  it("refuse backwards ranges, bad addresses and other text", () => {
    for (const bad of ["198.18.10.199-198.18.10.100", "198.18.10.100-198.18.10.300", "198.18.10.100", "1.2.3.4-5.6.7.8-9.9.9.9", "198.18.10.1/24", "from 1.2.3.4 to 1.2.3.5"]) {
      expect(parseRange(bad), bad).to.equal(undefined);
    }
  });

  it("lie inside a network only when both ends do", () => {
    const lan = cidr("198.18.10.0/24");
    expect(rangeInside(parseRange("198.18.10.100-198.18.10.199")!, lan)).to.equal(true);
    expect(rangeInside(parseRange("198.18.10.100-198.18.11.10")!, lan)).to.equal(false);
    expect(rangeInside(parseRange("198.18.9.250-198.18.10.10")!, lan)).to.equal(false);
  });
});

describe("reverse DNS", () => {
  it("names one address's PTR", () => {
    expect(ptrName(ip("198.18.10.20"))).to.equal("20.10.18.198.in-addr.arpa");
    expect(ptrName(ip("10.0.0.1"))).to.equal("1.0.0.10.in-addr.arpa");
  });

  it("cuts reverse zones on octet boundaries", () => {
    const names = (text: string) => reverseZonesOf(cidr(text)).map((z) => z.name);
    expect(names("10.0.0.0/8")).to.deep.equal(["10.in-addr.arpa"]);
    expect(names("198.18.0.0/16")).to.deep.equal(["18.198.in-addr.arpa"]);
    expect(names("198.18.10.0/24")).to.deep.equal(["10.18.198.in-addr.arpa"]);
    // A /23 spans two /24 zones; a /26 lives in the /24 that holds it.
    expect(names("198.18.22.0/23")).to.deep.equal(["22.18.198.in-addr.arpa", "23.18.198.in-addr.arpa"]);
    expect(names("198.18.10.64/26")).to.deep.equal(["10.18.198.in-addr.arpa"]);
    expect(names("198.16.0.0/14")).to.deep.equal(["16.198.in-addr.arpa", "17.198.in-addr.arpa", "18.198.in-addr.arpa", "19.198.in-addr.arpa"]);
  });

  it("gives each zone the network it covers", () => {
    const [first, second] = reverseZonesOf(cidr("198.18.22.0/23"));
    expect(first!.cidr.text).to.equal("198.18.22.0/24");
    expect(second!.cidr.text).to.equal("198.18.23.0/24");
    expect(reverseZonesOf(cidr("198.18.10.64/26"))[0]!.cidr.text).to.equal("198.18.10.0/24");
    expect(reverseZonesOf(cidr("10.0.0.0/8"))[0]!.cidr.text).to.equal("10.0.0.0/8");
    expect(reverseZonesOf(cidr("198.18.0.0/16"))[0]!.cidr.text).to.equal("198.18.0.0/16");
  });
});

describe("MAC addresses", () => {
  it("normalise to lower-case colon form", () => {
    expect(parseMac("52:54:00:0A:00:02")).to.equal("52:54:00:0a:00:02");
    expect(parseMac("52-54-00-0a-00-02")).to.equal("52:54:00:0a:00:02");
  });

  it("refuse the wrong number of octets or non-hex digits", () => {
    for (const bad of ["52:54:00:0a:00", "52:54:00:0a:00:02:03", "52:54:00:0a:00:0g", "5254000a0002", "52:54:00:0a:0:02", ""]) {
      expect(parseMac(bad), bad).to.equal(undefined);
    }
  });
});
