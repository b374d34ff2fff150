// DHCPv4 messages on the wire (RFC 2131 §2): the fixed BOOTP header, the
// magic cookie, and the options. Decoding honours option overload (option 52,
// RFC 2132 §9.3): options may continue in the file and sname fields, and the
// three areas are read in the order RFC 3396 §5 fixes: options, file, sname.
import { DhcpCodecError } from "./codec-error.ts";
import { bytesToColonHex, concatBytes, ipv4FromBytes, ipv4ToBytes, macToBytes, textFromBytes, textToBytes } from "./bytes.ts";
import { BOOTREQUEST, BROADCAST_FLAG, MAGIC_COOKIE } from "./message-types.ts";
import type { MessageTypeName } from "./message-types.ts";
import { concatenateInstances, encodeOptionTlvs, findOption, readOptionArea } from "./options.ts";
import type { DhcpOption, OptionInput, RawInstance } from "./options.ts";
import { END, OVERLOAD, PAD } from "./options-table.ts";

const HEADER = 236;
const SNAME = { at: 44, size: 64 } as const;
const FILE = { at: 108, size: 128 } as const;
/** BOOTP relays and old servers drop shorter datagrams (RFC 1542 §2.1); clients pad up to it. */
export const BOOTP_MIN_LENGTH = 300;

export interface DhcpMessage {
  readonly op: number;
  readonly htype: number;
  readonly hlen: number;
  readonly hops: number;
  readonly xid: number;
  readonly secs: number;
  /** All 16 flag bits; see `isBroadcast`. */
  readonly flags: number;
  readonly ciaddr: string;
  readonly yiaddr: string;
  readonly siaddr: string;
  readonly giaddr: string;
  /** The whole 16-octet field; the hardware address is its first `hlen` octets. */
  readonly chaddr: Uint8Array;
  /** Empty when the field carries options instead (overload). */
  readonly sname: string;
  /** Empty when the field carries options instead (overload). */
  readonly file: string;
  readonly options: readonly DhcpOption[];
}

/** What `encodeMessage` needs: everything but the options has a default. */
export interface MessageInit {
  readonly op?: number;
  readonly htype?: number;
  readonly hlen?: number;
  readonly hops?: number;
  readonly xid: number;
  readonly secs?: number;
  readonly flags?: number;
  readonly ciaddr?: string;
  readonly yiaddr?: string;
  readonly siaddr?: string;
  readonly giaddr?: string;
  /** A MAC in text (`02:00:5e:00:00:01`) or the raw field (up to 16 octets). */
  readonly chaddr: string | Uint8Array;
  readonly sname?: string;
  readonly file?: string;
  readonly options: readonly OptionInput[];
}

export interface EncodeOptions {
  /**
   * The largest datagram allowed (a client's option 57, or 576 by RFC 2131).
   * Options that do not fit overflow into file and then sname when those are
   * empty (option overload); without a limit the options field just grows.
   */
  readonly maxLength?: number;
  /** Pad with zeros up to this length; 300 by default, 0 to leave unpadded. */
  readonly minLength?: number;
}

export function isBroadcast(message: Pick<DhcpMessage, "flags">): boolean {
  return (message.flags & BROADCAST_FLAG) !== 0;
}

/** The client hardware address as text (first `hlen` octets of chaddr). */
export function hardwareAddress(message: Pick<DhcpMessage, "chaddr" | "hlen">): string {
  return bytesToColonHex(message.chaddr.subarray(0, Math.min(message.hlen, 16)));
}

/** The option 53 value, if the message has a well-formed one. */
export function messageType(message: Pick<DhcpMessage, "options">): MessageTypeName | number | undefined {
  const o = findOption(message.options, 53);
  return o && o.error === undefined ? (o.value as MessageTypeName | number) : undefined;
}

function fixedText(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return textFromBytes(nul < 0 ? bytes : bytes.subarray(0, nul));
}

export function decodeMessage(packet: Uint8Array): DhcpMessage {
  // A private copy: decoded options keep views into it, and socket buffers may be pooled.
  const p = Uint8Array.from(packet);
  if (p.length < HEADER + 4) throw new DhcpCodecError(`a DHCP message is at least ${HEADER + 4} octets, got ${p.length}`);
  const v = new DataView(p.buffer);
  const cookie = v.getUint32(HEADER);
  if (cookie !== MAGIC_COOKIE) throw new DhcpCodecError(`magic cookie is 0x${cookie.toString(16).padStart(8, "0")}, not 0x63825363: not a DHCP message`);
  const snameField = p.subarray(SNAME.at, SNAME.at + SNAME.size);
  const fileField = p.subarray(FILE.at, FILE.at + FILE.size);

  const instances: RawInstance[] = readOptionArea(p.subarray(HEADER + 4), "options field");
  const overloadInstance = instances.find((i) => i.code === OVERLOAD);
  let overload = 0;
  if (overloadInstance) {
    if (overloadInstance.data.length !== 1 || overloadInstance.data[0]! < 1 || overloadInstance.data[0]! > 3) {
      throw new DhcpCodecError(`option overload (52) must be one octet 1, 2 or 3`);
    }
    overload = overloadInstance.data[0]!;
  }
  const fileHasOptions = (overload & 1) !== 0;
  const snameHasOptions = (overload & 2) !== 0;
  if (fileHasOptions) instances.push(...readOptionArea(fileField, "file field (overloaded)"));
  if (snameHasOptions) instances.push(...readOptionArea(snameField, "sname field (overloaded)"));

  return {
    op: p[0]!,
    htype: p[1]!,
    hlen: p[2]!,
    hops: p[3]!,
    xid: v.getUint32(4),
    secs: v.getUint16(8),
    flags: v.getUint16(10),
    ciaddr: ipv4FromBytes(p, 12),
    yiaddr: ipv4FromBytes(p, 16),
    siaddr: ipv4FromBytes(p, 20),
    giaddr: ipv4FromBytes(p, 24),
    chaddr: p.slice(28, 44),
    sname: snameHasOptions ? "" : fixedText(snameField),
    file: fileHasOptions ? "" : fixedText(fileField),
    options: concatenateInstances(instances),
  };
}

function fieldText(text: string, size: number, what: string): Uint8Array {
  const bytes = textToBytes(text);
  // One octet stays for the terminating NUL.
  if (bytes.length >= size) throw new DhcpCodecError(`${what} "${text}" is ${bytes.length} octets; the field holds ${size - 1}`);
  return bytes;
}

interface Area {
  readonly room: number;
  readonly tlvs: Uint8Array[];
  used: number;
}

/**
 * Packs TLVs first-fit into the areas, in order, each keeping one octet for
 * its end option. Instances of one code never go to an earlier area than the
 * instance before them, so a split option joins back in order (RFC 3396 §5).
 */
function pack(tlvs: readonly Uint8Array[], areas: readonly Area[]): boolean {
  const lowest = new Map<number, number>();
  for (const tlv of tlvs) {
    const code = tlv[0]!;
    const from = lowest.get(code) ?? 0;
    const at = areas.findIndex((a, i) => i >= from && a.used + tlv.length + 1 <= a.room);
    if (at < 0) return false;
    areas[at]!.tlvs.push(tlv);
    areas[at]!.used += tlv.length;
    lowest.set(code, at);
  }
  return true;
}

export function encodeMessage(message: MessageInit, settings: EncodeOptions = {}): Uint8Array {
  const chaddr = typeof message.chaddr === "string" ? macToBytes(message.chaddr) : message.chaddr;
  if (chaddr.length > 16) throw new DhcpCodecError(`chaddr is ${chaddr.length} octets; the field holds 16`);
  const header = new Uint8Array(HEADER + 4);
  const v = new DataView(header.buffer);
  header[0] = message.op ?? BOOTREQUEST;
  header[1] = message.htype ?? 1;
  header[2] = message.hlen ?? (typeof message.chaddr === "string" ? chaddr.length : 6);
  header[3] = message.hops ?? 0;
  v.setUint32(4, message.xid >>> 0);
  v.setUint16(8, Math.min(0xffff, Math.max(0, Math.floor(message.secs ?? 0))));
  v.setUint16(10, message.flags ?? 0);
  header.set(ipv4ToBytes(message.ciaddr ?? "0.0.0.0"), 12);
  header.set(ipv4ToBytes(message.yiaddr ?? "0.0.0.0"), 16);
  header.set(ipv4ToBytes(message.siaddr ?? "0.0.0.0"), 20);
  header.set(ipv4ToBytes(message.giaddr ?? "0.0.0.0"), 24);
  header.set(chaddr, 28);
  const sname = fieldText(message.sname ?? "", SNAME.size, "sname");
  const file = fieldText(message.file ?? "", FILE.size, "file");
  v.setUint32(HEADER, MAGIC_COOKIE);

  if (message.options.some((o) => o.code === OVERLOAD)) throw new DhcpCodecError("option overload (52) is set by the encoder itself, from maxLength");
  const tlvs = encodeOptionTlvs(message.options);
  const body = tlvs.reduce((n, t) => n + t.length, 0) + 1;
  const maxLength = settings.maxLength;

  if (maxLength !== undefined && HEADER + 4 + body > maxLength) {
    // Overload: three octets of the options field go to option 52 itself.
    const main: Area = { room: maxLength - HEADER - 4 - 3, tlvs: [], used: 0 };
    const inFile: Area = { room: file.length === 0 ? FILE.size : 0, tlvs: [], used: 0 };
    const inSname: Area = { room: sname.length === 0 ? SNAME.size : 0, tlvs: [], used: 0 };
    if (!pack(tlvs, [main, inFile, inSname])) throw new DhcpCodecError(`options do not fit in ${maxLength} octets, even using the file and sname fields`);
    const overload = (inFile.tlvs.length > 0 ? 1 : 0) | (inSname.tlvs.length > 0 ? 2 : 0);
    header.set(inFile.tlvs.length > 0 ? concatBytes([...inFile.tlvs, Uint8Array.of(END)]) : file, FILE.at);
    header.set(inSname.tlvs.length > 0 ? concatBytes([...inSname.tlvs, Uint8Array.of(END)]) : sname, SNAME.at);
    return pad(concatBytes([header, Uint8Array.of(OVERLOAD, 1, overload), ...main.tlvs, Uint8Array.of(END)]), settings.minLength);
  }

  header.set(sname, SNAME.at);
  header.set(file, FILE.at);
  return pad(concatBytes([header, ...tlvs, Uint8Array.of(END)]), settings.minLength);
}

function pad(packet: Uint8Array, minLength = BOOTP_MIN_LENGTH): Uint8Array {
  if (packet.length >= minLength) return packet;
  const out = new Uint8Array(minLength).fill(PAD);
  out.set(packet);
  return out;
}
