// Record data as zone-file text (RFC 1035 §5.1), the way dig prints it, so
// that expectations in scenarios read like the zone they were written from
// and a probe's answer can be compared with dig's word for word: names are
// absolute (trailing dot), character-strings quoted, binary in hex or
// base64, and anything without a known layout in RFC 3597's generic form.
import { fromPacketName } from "./record-types.ts";

/** A domain name as an absolute name: "www.example.test." (the root is "."). */
export function absoluteName(name: string): string {
  if (name === "" || name === ".") return ".";
  return name.endsWith(".") ? name : `${name}.`;
}

/** A <character-string>, quoted, with quote, backslash and non-printable bytes escaped. */
export function characterString(value: Uint8Array | string): string {
  const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
  let out = '"';
  for (const byte of bytes) {
    if (byte === 0x22 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x20 || byte > 0x7e) out += `\\${byte.toString().padStart(3, "0")}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}"`;
}

/** RFC 3597 §5: "\# <length> <hex>". */
export function genericRdata(data: Uint8Array): string {
  return data.length === 0 ? "\\# 0" : `\\# ${data.length} ${Buffer.from(data).toString("hex").toUpperCase()}`;
}

const hex = (data: Uint8Array): string => Buffer.from(data).toString("hex").toUpperCase();
const base64 = (data: Uint8Array): string => Buffer.from(data).toString("base64");

/** RFC 4648 base32 with the extended-hex alphabet, as NSEC3 owner hashes are written. */
export function base32hex(data: Uint8Array): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** RRSIG validity times: YYYYMMDDHHmmSS in UTC (RFC 4034 §3.2). */
function signatureTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

const typeList = (types: readonly string[]): string => types.map((t) => fromPacketName(t, "type")).join(" ");

type Fields = Record<string, unknown>;
const num = (f: Fields, key: string): number => f[key] as number;
const str = (f: Fields, key: string): string => f[key] as string;
const buf = (f: Fields, key: string): Uint8Array => f[key] as Uint8Array;

/**
 * The presentation form of one record's data. `type` is dns-packet's type
 * name, `data` what dns-packet decoded for it (a Buffer for types it has
 * no codec for).
 */
export function presentRdata(type: string, data: unknown): string {
  if (data instanceof Uint8Array) {
    // TXT and SPF decode to a list of buffers; everything else that is a
    // bare buffer is a type without a codec, or NULL.
    return genericRdata(data);
  }
  switch (type) {
    case "A":
    case "AAAA":
      return data as string;
    case "NS":
    case "CNAME":
    case "PTR":
    case "DNAME":
      return absoluteName(data as string);
    case "TXT":
    case "SPF":
      return (data as Uint8Array[]).map((s) => characterString(s)).join(" ");
  }
  const f = data as Fields;
  switch (type) {
    case "MX":
      return `${num(f, "preference")} ${absoluteName(str(f, "exchange"))}`;
    case "SRV":
      return `${num(f, "priority")} ${num(f, "weight")} ${num(f, "port")} ${absoluteName(str(f, "target"))}`;
    case "SOA":
      return [absoluteName(str(f, "mname")), absoluteName(str(f, "rname")), num(f, "serial"), num(f, "refresh"), num(f, "retry"), num(f, "expire"), num(f, "minimum")].join(" ");
    case "CAA":
      return `${num(f, "flags")} ${str(f, "tag")} ${characterString(str(f, "value"))}`;
    case "HINFO":
      return `${characterString(str(f, "cpu"))} ${characterString(str(f, "os"))}`;
    case "RP":
      return `${absoluteName(str(f, "mbox"))} ${absoluteName(str(f, "txt"))}`;
    case "NAPTR":
      return [num(f, "order"), num(f, "preference"), characterString(str(f, "flags")), characterString(str(f, "services")), characterString(str(f, "regexp")), absoluteName(str(f, "replacement"))].join(" ");
    case "SSHFP":
      return `${num(f, "algorithm")} ${num(f, "hash")} ${str(f, "fingerprint").toUpperCase()}`;
    case "DS":
      return `${num(f, "keyTag")} ${num(f, "algorithm")} ${num(f, "digestType")} ${hex(buf(f, "digest"))}`;
    case "DNSKEY":
      // The protocol field is always 3 (RFC 4034 §2.1.2); dns-packet does not keep it.
      return `${num(f, "flags")} 3 ${num(f, "algorithm")} ${base64(buf(f, "key"))}`;
    case "RRSIG":
      return [
        fromPacketName(str(f, "typeCovered"), "type"), num(f, "algorithm"), num(f, "labels"), num(f, "originalTTL"),
        signatureTime(num(f, "expiration")), signatureTime(num(f, "inception")), num(f, "keyTag"),
        absoluteName(str(f, "signersName")), base64(buf(f, "signature")),
      ].join(" ");
    case "NSEC":
      return `${absoluteName(str(f, "nextDomain"))} ${typeList(f.rrtypes as string[])}`.trimEnd();
    case "NSEC3": {
      const salt = buf(f, "salt");
      return `${num(f, "algorithm")} ${num(f, "flags")} ${num(f, "iterations")} ${salt.length ? hex(salt) : "-"} ${base32hex(buf(f, "nextDomain"))} ${typeList(f.rrtypes as string[])}`.trimEnd();
    }
    case "TLSA":
      return `${num(f, "usage")} ${num(f, "selector")} ${num(f, "matchingType")} ${hex(buf(f, "certificate"))}`;
  }
  return JSON.stringify(data);
}
