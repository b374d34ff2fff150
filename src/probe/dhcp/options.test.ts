import { describe, it } from "node:test";
import { expect } from "chai";
import { bytesToHex, hexToBytes } from "./bytes.ts";
import { DhcpCodecError } from "./codec-error.ts";
import { optionFromJson } from "./option-json.ts";
import { concatenateInstances, decodeOption, encodeOptionTlvs, option, optionValue, rawOption, readOptionArea } from "./options.ts";
import type { ValueOf } from "./options.ts";
import { OPTION_TABLE } from "./options-table.ts";
import { OPTION_SAMPLES as SAMPLES } from "./testing/option-samples.ts";

function hex(text: string): string {
  return Buffer.from(text, "latin1").toString("hex");
}

describe("options: typed values", () => {
  for (const [code, entry] of Object.entries(OPTION_TABLE)) {
    const name = entry.name;
    it(`${code} ${name}: encodes the typed value and decodes it back`, () => {
      const sample = SAMPLES[name] as { value: ValueOf<typeof name>; data: string };
      const built = option(name, sample.value);
      expect(built.code).to.equal(Number(code));
      expect(bytesToHex(built.data)).to.equal(sample.data);
      const decoded = decodeOption(Number(code), hexToBytes(sample.data));
      expect(decoded.error).to.equal(undefined);
      expect(decoded.name).to.equal(name);
      expect(decoded.value).to.deep.equal(sample.value);
    });
  }

  it("has a sample for every option in the table", () => {
    expect(Object.keys(SAMPLES).sort()).to.deep.equal(Object.values(OPTION_TABLE).map((e) => e.name).sort());
  });

  it("keeps unknown codes as raw bytes with their code and no name", () => {
    const decoded = decodeOption(224, hexToBytes("0102"));
    expect(decoded).to.deep.equal({ code: 224, data: hexToBytes("0102"), value: hexToBytes("0102") });
  });

  it("keeps a known option whose data does not fit its shape raw, saying why", () => {
    const decoded = decodeOption(1, hexToBytes("ffffff"));
    expect(decoded.name).to.equal("subnet-mask");
    expect(decoded.value).to.deep.equal(hexToBytes("ffffff"));
    expect(decoded.error).to.match(/4 octets, got 3/);
    expect(optionValue([decoded], "subnet-mask")).to.equal(undefined);
  });

  it("builds raw options for any code 1..254 and refuses pad and end", () => {
    expect(rawOption(150, hexToBytes("c6120002")).value).to.deep.equal(["198.18.0.2"]);
    expect(() => rawOption(0, new Uint8Array())).to.throw(DhcpCodecError);
    expect(() => rawOption(255, new Uint8Array())).to.throw(DhcpCodecError);
  });

  it("refuses values that do not fit their option, naming it", () => {
    expect(() => option("subnet-mask", "255.255.255")).to.throw(DhcpCodecError, /option 1 \(subnet-mask\)/);
    expect(() => option("interface-mtu", 70000)).to.throw(DhcpCodecError, /16-bit/);
    expect(() => option("classless-static-route", [{ destination: "10.0.0.0/33", router: "198.18.0.1" }])).to.throw(DhcpCodecError);
  });

  it("decodes RFC 3442's destination encodings", () => {
    const data = hexToBytes("00c0000201" + "080a" + "c0000201" + "100a11" + "c0000201" + "180a1b81" + "c0000201" + "200ac67a2f" + "c0000201");
    const routes = decodeOption(121, data).value;
    expect(routes).to.deep.equal(
      ["0.0.0.0/0", "10.0.0.0/8", "10.17.0.0/16", "10.27.129.0/24", "10.198.122.47/32"].map((destination) => ({ destination, router: "192.0.2.1" })),
    );
  });

  it("tells iPXE's bare user class from the RFC 3004 form", () => {
    expect(decodeOption(77, hexToBytes(hex("iPXE"))).value).to.deep.equal({ format: "raw", text: "iPXE" });
    expect(bytesToHex(option("user-class", { format: "raw", text: "iPXE" }).data)).to.equal(hex("iPXE"));
    expect(decodeOption(77, hexToBytes(`04${hex("iPXE")}`)).value).to.deep.equal({ format: "rfc3004", classes: ["iPXE"] });
  });

  it("decodes client FQDN flags, a partial name and the deprecated ASCII form", () => {
    expect(decodeOption(81, hexToBytes(`0b0000${"05" + hex("probe")}`)).value).to.deep.equal({
      serverUpdates: true,
      override: true,
      encoded: false,
      noUpdates: true,
      rcode1: 0,
      rcode2: 0,
      name: "\u0005probe",
      partial: true,
    });
    const partial = option("fqdn", { serverUpdates: false, override: false, encoded: true, noUpdates: true, rcode1: 255, rcode2: 255, name: "probe", partial: true });
    expect(bytesToHex(partial.data)).to.equal(`0cffff05${hex("probe")}`);
    expect(partial.value).to.include({ name: "probe", partial: true, noUpdates: true });
    expect(decodeOption(81, hexToBytes(`000000${hex("probe.lab.")}`)).value).to.include({ encoded: false, name: "probe.lab.", partial: false });
  });

  it("keeps relay agent sub-options whose lengths do not add up raw", () => {
    expect(decodeOption(82, hexToBytes("0105ab")).error).to.match(/runs past/);
  });
});

describe("options: TLV layout", () => {
  it("splits data longer than 255 octets into consecutive instances (RFC 3396)", () => {
    const names = Array.from({ length: 30 }, (_, i) => `segment${i}.site${i}.example`);
    const long = option("domain-search", names);
    expect(long.data.length).to.be.greaterThan(255);
    const tlvs = encodeOptionTlvs([long]);
    const lengths = Array.from({ length: Math.ceil(long.data.length / 255) }, (_, i) => Math.min(255, long.data.length - i * 255));
    expect(tlvs.map((t) => [t[0], t[1]])).to.deep.equal(lengths.map((n) => [119, n]));
    const joined = concatenateInstances(readOptionArea(Buffer.concat(tlvs), "test"));
    expect(joined).to.have.length(1);
    expect(joined[0]!.value).to.deep.equal(names);
  });

  it("concatenates instances of one code in order, even with other options between them", () => {
    const area = hexToBytes(`7704${"03" + hex("lab")}0104ffffff00770b07${hex("example")}00c004ff`);
    const options = concatenateInstances(readOptionArea(area, "test"));
    expect(options.map((o) => o.code)).to.deep.equal([119, 1]);
    expect(options[0]!.value).to.deep.equal(["lab.example", "example"]);
  });

  it("skips pad, stops at end, and encodes an empty option as code and zero length", () => {
    expect(readOptionArea(hexToBytes("000001040a0000010000ff0304"), "test").map((i) => i.code)).to.deep.equal([1]);
    expect(encodeOptionTlvs([rawOption(80, new Uint8Array())])).to.deep.equal([Uint8Array.of(80, 0)]);
  });

  it("refuses an option that claims more octets than the area holds", () => {
    expect(() => readOptionArea(hexToBytes("0104ffff"), "options field")).to.throw(DhcpCodecError, /option 1 at offset 0 of the options field claims 4/);
    expect(() => readOptionArea(hexToBytes("0c"), "options field")).to.throw(DhcpCodecError, /no length/);
  });
});

describe("options: JSON form", () => {
  it("builds options from names and JSON values, octet strings in hex", () => {
    expect(optionFromJson({ name: "user-class", value: { format: "raw", text: "iPXE" } }).data).to.deep.equal(Buffer.from("iPXE"));
    expect(optionFromJson({ name: "client-system", value: [7] }).value).to.deep.equal([7]);
    expect(optionFromJson({ name: "dhcp-client-identifier", value: { type: 1, id: "02:00:5e:10:00:01" } }).data).to.deep.equal(hexToBytes("0102005e100001"));
    expect(optionFromJson({ name: "dhcp-agent-options", value: [{ code: 1, data: hex("eth0") }] }).data).to.deep.equal(hexToBytes(`0104${hex("eth0")}`));
    expect(optionFromJson({ code: 224, hex: "0102" })).to.include({ code: 224 });
    expect(optionFromJson({ name: "vendor-encapsulated-options", value: "01:02" }).data).to.deep.equal(Uint8Array.of(1, 2));
  });

  it("says which option of a plan is wrong", () => {
    expect(() => optionFromJson({ name: "no-such-option", value: 1 })).to.throw(DhcpCodecError, /no-such-option/);
    expect(() => optionFromJson({ name: "routers", value: ["nope"] })).to.throw(DhcpCodecError, /routers/);
    expect(() => optionFromJson({ code: 224 })).to.throw(DhcpCodecError, /known name/);
  });
});
