import { describe, it } from "node:test";
import { expect } from "chai";
import { bytesToHex, concatBytes, hexToBytes } from "./bytes.ts";
import { BOOTP_MIN_LENGTH, decodeMessage, encodeMessage, hardwareAddress, isBroadcast, messageType } from "./codec.ts";
import type { MessageInit } from "./codec.ts";
import { DhcpCodecError } from "./codec-error.ts";
import { BOOTREPLY, BROADCAST_FLAG } from "./message-types.ts";
import { findOption, option, optionValue, rawOption } from "./options.ts";

const ACK: MessageInit = {
  op: BOOTREPLY,
  hops: 1,
  xid: 0xdeadbeef,
  secs: 12,
  flags: BROADCAST_FLAG,
  ciaddr: "0.0.0.0",
  yiaddr: "198.18.10.100",
  siaddr: "198.18.10.2",
  giaddr: "198.18.20.1",
  chaddr: "02:00:5e:10:00:01",
  sname: "boot.lab.example",
  file: "ipxe.efi",
  options: [
    option("dhcp-message-type", "ACK"),
    option("dhcp-server-identifier", "198.18.10.2"),
    option("dhcp-lease-time", 600),
    option("subnet-mask", "255.255.255.0"),
    option("routers", ["198.18.10.1"]),
    option("domain-search", ["lab.example", "example"]),
    option("ntp-servers", ["198.18.10.2", "198.18.10.3"]),
    rawOption(224, hexToBytes("cafe")),
  ],
};

/** A header-only packet (236 octets plus cookie) with the given file and sname fields. */
function withFields(options: Uint8Array, fields: { file?: Uint8Array; sname?: Uint8Array }): Uint8Array {
  const packet = encodeMessage({ xid: 1, chaddr: "02:00:5e:10:00:01", options: [] }, { minLength: 0 });
  const header = packet.slice(0, 240);
  if (fields.sname) header.set(fields.sname, 44);
  if (fields.file) header.set(fields.file, 108);
  return concatBytes([header, options]);
}

describe("codec: header", () => {
  it("round-trips every header field", () => {
    const m = decodeMessage(encodeMessage(ACK));
    expect(m).to.deep.include({ op: 2, htype: 1, hlen: 6, hops: 1, xid: 0xdeadbeef, secs: 12, flags: 0x8000 });
    expect(m).to.deep.include({ ciaddr: "0.0.0.0", yiaddr: "198.18.10.100", siaddr: "198.18.10.2", giaddr: "198.18.20.1" });
    expect(m).to.deep.include({ sname: "boot.lab.example", file: "ipxe.efi" });
    expect(hardwareAddress(m)).to.equal("02:00:5e:10:00:01");
    expect(m.chaddr).to.have.length(16);
    expect(isBroadcast(m)).to.equal(true);
    expect(messageType(m)).to.equal("ACK");
  });

  it("round-trips every option, known and unknown, in order", () => {
    const m = decodeMessage(encodeMessage(ACK));
    expect(m.options.map((o) => o.code)).to.deep.equal([53, 54, 51, 1, 3, 119, 42, 224]);
    expect(m.options.map((o) => o.value)).to.deep.equal(ACK.options.map((o) => decodeMessage(encodeMessage({ ...ACK, options: [o] })).options[0]!.value));
    expect(optionValue(m.options, "domain-search")).to.deep.equal(["lab.example", "example"]);
    expect(findOption(m.options, 224)!.data).to.deep.equal(hexToBytes("cafe"));
  });

  it("puts fields at their RFC 2131 offsets, in network byte order", () => {
    const p = encodeMessage(ACK);
    expect(bytesToHex(p.subarray(0, 12))).to.equal("02010601deadbeef000c8000");
    expect(bytesToHex(p.subarray(16, 20))).to.equal("c6120a64");
    expect(bytesToHex(p.subarray(28, 34))).to.equal("02005e100001");
    expect(bytesToHex(p.subarray(236, 240))).to.equal("63825363");
    expect(p[240]).to.equal(53);
  });

  it("pads to the BOOTP minimum of 300 octets unless told otherwise", () => {
    const small = { xid: 1, chaddr: "02:00:5e:10:00:01", options: [option("dhcp-message-type", "DISCOVER")] };
    expect(encodeMessage(small)).to.have.length(BOOTP_MIN_LENGTH);
    expect(encodeMessage(small, { minLength: 0 })).to.have.length(240 + 3 + 1);
  });

  it("accepts hardware addresses other than Ethernet and up to 16 octets", () => {
    const chaddr = hexToBytes("000102030405060708090a0b0c0d0e0f");
    const m = decodeMessage(encodeMessage({ xid: 1, htype: 32, hlen: 16, chaddr, options: [] }));
    expect(m.chaddr).to.deep.equal(chaddr);
    expect(hardwareAddress(m)).to.equal("00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f");
    expect(() => encodeMessage({ xid: 1, chaddr: new Uint8Array(17), options: [] })).to.throw(DhcpCodecError);
  });

  it("refuses short datagrams, a wrong cookie and overlong sname or file", () => {
    expect(() => decodeMessage(new Uint8Array(239))).to.throw(DhcpCodecError, /at least 240/);
    const p = encodeMessage(ACK);
    p[236] = 0;
    expect(() => decodeMessage(p)).to.throw(DhcpCodecError, /magic cookie/);
    expect(() => encodeMessage({ ...ACK, sname: "x".repeat(64) })).to.throw(DhcpCodecError, /sname/);
    expect(() => encodeMessage({ ...ACK, file: "x".repeat(128) })).to.throw(DhcpCodecError, /file/);
  });

  it("accepts an options field without an end option", () => {
    const m = decodeMessage(withFields(hexToBytes("350101"), {}));
    expect(messageType(m)).to.equal("DISCOVER");
  });

  it("does not share memory with the datagram it decoded", () => {
    const p = encodeMessage(ACK);
    const m = decodeMessage(p);
    p.fill(0);
    expect(optionValue(m.options, "routers")).to.deep.equal(["198.18.10.1"]);
    expect(findOption(m.options, 224)!.data).to.deep.equal(hexToBytes("cafe"));
  });
});

describe("codec: option overload (option 52)", () => {
  const file = concatBytes([hexToBytes("0304c6120a01"), hexToBytes("ff")]);
  const sname = concatBytes([hexToBytes("0f0b"), Buffer.from("lab.example"), hexToBytes("ff")]);

  it("reads options from the file field when option 52 says 1", () => {
    const m = decodeMessage(withFields(hexToBytes("350102340101ff"), { file, sname: Buffer.from("boot\0") }));
    expect(m.file).to.equal("");
    expect(m.sname).to.equal("boot");
    expect(optionValue(m.options, "routers")).to.deep.equal(["198.18.10.1"]);
  });

  it("reads options from the sname field when option 52 says 2", () => {
    const m = decodeMessage(withFields(hexToBytes("350102340102ff"), { sname, file: Buffer.from("ipxe.efi\0") }));
    expect(m.sname).to.equal("");
    expect(m.file).to.equal("ipxe.efi");
    expect(optionValue(m.options, "domain-name")).to.equal("lab.example");
  });

  it("reads both, options field first, then file, then sname (RFC 3396 §5)", () => {
    // Option 119 split over all three areas: "lab" | ".example" | a second name
    // pointing at offset 4 of the joined data, which only works if the order is right.
    const main = hexToBytes(`350102340103770403${Buffer.from("lab").toString("hex")}ff`);
    const inFile = hexToBytes(`770907${Buffer.from("example").toString("hex")}00ff`);
    const inSname = hexToBytes("7702c004ff");
    const m = decodeMessage(withFields(main, { file: inFile, sname: inSname }));
    expect(optionValue(m.options, "domain-search")).to.deep.equal(["lab.example", "example"]);
    expect(m.sname).to.equal("");
    expect(m.file).to.equal("");
  });

  it("ignores options-like bytes in file and sname without option 52", () => {
    const m = decodeMessage(withFields(hexToBytes("350102ff"), { file }));
    expect(findOption(m.options, "routers")).to.equal(undefined);
  });

  it("refuses an overload value other than 1, 2 or 3", () => {
    expect(() => decodeMessage(withFields(hexToBytes("350102340104ff"), {}))).to.throw(DhcpCodecError, /overload/);
  });

  it("spills options into file and sname when a size limit is given, and reads them back", () => {
    const many = Array.from({ length: 12 }, (_, i) => option("domain-name-servers", [`198.18.${i}.1`, `198.18.${i}.2`, `198.18.${i}.3`]));
    const options = [option("dhcp-message-type", "OFFER"), ...many.map((o, i) => rawOption(200 + i, o.data))];
    const p = encodeMessage({ op: BOOTREPLY, xid: 7, chaddr: "02:00:5e:10:00:01", options }, { maxLength: 400 });
    expect(p.length).to.be.at.most(400);
    const m = decodeMessage(p);
    expect(optionValue(m.options, "dhcp-option-overload")).to.be.oneOf([1, 3]);
    expect(m.options.filter((o) => o.code !== 52).map((o) => bytesToHex(o.data))).to.deep.equal(options.map((o) => bytesToHex(o.data)));
  });

  it("fails clearly when even overload cannot make the options fit", () => {
    const big = rawOption(224, new Uint8Array(250));
    expect(() => encodeMessage({ xid: 1, chaddr: "02:00:5e:10:00:01", options: [big, big] }, { maxLength: 576 })).to.throw(DhcpCodecError, /do not fit/);
  });
});
