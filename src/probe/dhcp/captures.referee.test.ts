// tshark judges the codec. First on captures of real exchanges (busybox
// udhcpc, ISC dhclient, Kea's perfdhcp, ISC dhcrelay against kea-dhcp4; see
// fixtures/captures/README.md), then on messages the codec itself encodes.
import { describe, it } from "node:test";
import { expect } from "chai";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../../testing/fixtures.ts";
import { hexToBytes } from "./bytes.ts";
import { decodeMessage, encodeMessage, messageType } from "./codec.ts";
import type { DhcpMessage } from "./codec.ts";
import { BOOTREPLY, BROADCAST_FLAG } from "./message-types.ts";
import { option, rawOption } from "./options.ts";
import type { DhcpOption } from "./options.ts";
import { OPTION_TABLE } from "./options-table.ts";
import type { OptionName } from "./options-table.ts";
import { OPTION_SAMPLES } from "./testing/option-samples.ts";
import { dissectPayloads, readCapture } from "./testing/tshark.ts";
import type { TsharkPacket } from "./testing/tshark.ts";
import { CHECKS, judge } from "./testing/tshark-judge.ts";

const CAPTURES_DIR = join(PROJECT_ROOT, "fixtures", "captures");
const CAPTURES = readdirSync(CAPTURES_DIR).filter((f) => f.endsWith(".pcap")).sort();

function judgeAll(packets: readonly TsharkPacket[]): { mismatches: string[]; typed: Set<number>; messages: DhcpMessage[] } {
  const mismatches: string[] = [];
  const typed = new Set<number>();
  const messages: DhcpMessage[] = [];
  for (const p of packets) {
    const m = decodeMessage(p.payload);
    messages.push(m);
    const verdict = judge(m, p);
    mismatches.push(...verdict.mismatches);
    verdict.typed.forEach((c) => typed.add(c));
  }
  return { mismatches, typed, messages };
}

describe("captures of real exchanges, decoded by the codec and by tshark", () => {
  const seenTypes = new Set<unknown>();
  const seenTyped = new Set<number>();

  it("has the captures the referee needs", () => {
    expect(CAPTURES).to.include.members(["udhcpc-dora.pcap", "udhcpc-decline.pcap", "dhclient-nak.pcap", "perfdhcp-pxe.pcap", "dhcrelay-agent-info.pcap"]);
  });

  for (const file of CAPTURES) {
    it(`${file}: every packet, every header field and every option agree`, () => {
      const packets = readCapture(join(CAPTURES_DIR, file));
      expect(packets.length, "packets in the capture").to.be.greaterThan(0);
      const { mismatches, typed, messages } = judgeAll(packets);
      expect(mismatches).to.deep.equal([]);
      typed.forEach((c) => seenTyped.add(c));
      messages.forEach((m) => seenTypes.add(messageType(m)));
      // tshark found nothing wrong with what the real programs sent, except iPXE's bare user class.
      const warnings = packets.flatMap((p) => p.warnings).filter((w) => w !== "Non standard compliant option data");
      expect(warnings).to.deep.equal([]);
    });

    it(`${file}: decoding, encoding and decoding again changes nothing`, () => {
      for (const p of readCapture(join(CAPTURES_DIR, file))) {
        const m = decodeMessage(p.payload);
        expect(decodeMessage(encodeMessage(m))).to.deep.equal(m);
      }
    });
  }

  it("together cover every message type of a lease's life and the options probes rely on", () => {
    expect([...seenTypes]).to.include.members(["DISCOVER", "OFFER", "REQUEST", "ACK", "NAK", "DECLINE", "RELEASE"]);
    const wanted = [1, 3, 6, 12, 15, 28, 42, 43, 50, 51, 53, 54, 55, 57, 58, 59, 60, 61, 66, 67, 77, 81, 82, 93, 94, 97, 119, 121, 150];
    expect([...seenTyped].sort((a, b) => a - b)).to.include.members(wanted);
  });
});

describe("messages the codec encodes, decoded by tshark", () => {
  const header = { op: BOOTREPLY, xid: 0x5eed, secs: 3, flags: BROADCAST_FLAG, yiaddr: "198.18.10.100", siaddr: "198.18.10.2", giaddr: "198.18.20.1", chaddr: "02:00:5e:10:00:01" };

  it("a reply carrying one of every option the table names", async () => {
    const options = Object.values(OPTION_TABLE)
      .filter((e) => e.name !== "dhcp-option-overload")
      .map((e) => option(e.name, OPTION_SAMPLES[e.name as OptionName].value as never));
    const packet = encodeMessage({ ...header, sname: "boot.lab.example", file: "ipxe.efi", options });
    const [dissected] = await dissectPayloads([packet]);
    const verdict = judge(decodeMessage(packet), dissected!);
    expect(verdict.mismatches).to.deep.equal([]);
    // tshark types every option of the table the judge knows how to read it back from.
    expect(verdict.typed.sort((a, b) => a - b)).to.deep.equal(
      Object.keys(CHECKS)
        .map(Number)
        .filter((c) => options.some((o) => o.code === c)),
    );
  });

  it("requests as the client builds them: RFC 3004 user class, wire-format FQDN, relay agent information", async () => {
    const variants: DhcpOption[][] = [
      [option("dhcp-message-type", "DISCOVER"), option("user-class", { format: "rfc3004", classes: ["iPXE", "lab"] })],
      [option("dhcp-message-type", "REQUEST"), option("fqdn", { serverUpdates: true, override: false, encoded: true, noUpdates: false, rcode1: 0, rcode2: 0, name: "probe.lab.example", partial: false })],
      [option("dhcp-message-type", "DISCOVER"), option("dhcp-client-identifier", { type: 255, id: hexToBytes("0011223344556677") })],
    ];
    const packets = variants.map((options) => encodeMessage({ xid: 1, chaddr: "02:00:5e:10:00:01", options }));
    const { mismatches } = judgeAll(await dissectPayloads(packets));
    expect(mismatches).to.deep.equal([]);
  });

  it("an option split over several instances (RFC 3396) has the same octets for tshark", async () => {
    const names = Array.from({ length: 24 }, (_, i) => `segment${i}.site.example`);
    const packet = encodeMessage({ ...header, options: [option("dhcp-message-type", "ACK"), option("domain-search", names), rawOption(224, new Uint8Array(300).fill(7))] });
    const [dissected] = await dissectPayloads([packet]);
    const verdict = judge(decodeMessage(packet), dissected!);
    expect(verdict.mismatches).to.deep.equal([]);
  });

  it("options overloaded into file and sname (option 52) are where tshark finds them", async () => {
    const options = [
      option("dhcp-message-type", "OFFER"),
      option("routers", ["198.18.10.1"]),
      option("ntp-servers", Array.from({ length: 14 }, (_, i) => `198.18.10.${i + 2}`)),
      option("host-name", "h".repeat(60)),
      option("domain-name", "lab.example"),
      option("tftp-server-name", "t".repeat(40)),
    ];
    const packet = encodeMessage({ ...header, options }, { maxLength: 300 });
    expect(packet.length).to.be.at.most(300);
    const decoded = decodeMessage(packet);
    expect(decoded.options[0]!.value, "overload: file and sname").to.equal(3);
    const [dissected] = await dissectPayloads([packet]);
    const verdict = judge(decoded, dissected!);
    expect(verdict.mismatches).to.deep.equal([]);
    expect(verdict.typed).to.include.members([12, 15, 66]);
  });
});
