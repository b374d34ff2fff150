// Byte-level helpers shared by the codec: IPv4 addresses and hardware
// addresses as the text people read in logs and in site.yaml.
import { DhcpCodecError } from "./codec-error.ts";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function ipv4ToBytes(text: string): Uint8Array {
  if (!IPV4.test(text)) throw new DhcpCodecError(`"${text}" is not an IPv4 address (expected a.b.c.d)`);
  return Uint8Array.from(text.split(".").map(Number));
}

export function ipv4FromBytes(bytes: Uint8Array, offset = 0): string {
  if (offset + 4 > bytes.length) throw new DhcpCodecError(`an IPv4 address needs 4 bytes at offset ${offset}, only ${bytes.length - offset} left`);
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** Parses `aa:bb:cc:dd:ee:ff` (or with dashes, or bare hex) into bytes. */
export function macToBytes(text: string): Uint8Array {
  const hex = text.replace(/[:-]/g, "");
  if (!/^([0-9a-fA-F]{2}){1,16}$/.test(hex)) throw new DhcpCodecError(`"${text}" is not a hardware address (expected hex octets like 02:00:00:00:00:01)`);
  return hexToBytes(hex);
}

/** Colon-separated lower-case hex, the way Kea and tshark print hardware addresses. */
export function bytesToColonHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(":");
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
}

export function hexToBytes(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new DhcpCodecError(`"${hex}" is not an even number of hex digits`);
  return Uint8Array.from(Buffer.from(clean, "hex"));
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

const utf8 = new TextDecoder("utf-8");
const utf8Encoder = new TextEncoder();

/** Option text is ASCII by the RFCs; UTF-8 decoding keeps ASCII exact and does not throw on anything else. */
export function textFromBytes(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

export function textToBytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}
