// Record types and classes by mnemonic, so a probe can ask for any type a
// site may serve, including ones dns-packet has no codec for (HTTPS, SVCB,
// URI…): those travel as dns-packet's UNKNOWN_<code> and come back as raw
// RDATA. Unlisted types are spelled TYPE<n> / CLASS<n> as RFC 3597 allows.

const TYPES: Readonly<Record<string, number>> = {
  A: 1, NS: 2, MD: 3, MF: 4, CNAME: 5, SOA: 6, MB: 7, MG: 8, MR: 9, NULL: 10, WKS: 11, PTR: 12,
  HINFO: 13, MINFO: 14, MX: 15, TXT: 16, RP: 17, AFSDB: 18, X25: 19, ISDN: 20, RT: 21, NSAP: 22,
  SIG: 24, KEY: 25, PX: 26, GPOS: 27, AAAA: 28, LOC: 29, NXT: 30, SRV: 33, NAPTR: 35, KX: 36,
  CERT: 37, A6: 38, DNAME: 39, OPT: 41, APL: 42, DS: 43, SSHFP: 44, IPSECKEY: 45, RRSIG: 46,
  NSEC: 47, DNSKEY: 48, DHCID: 49, NSEC3: 50, NSEC3PARAM: 51, TLSA: 52, SMIMEA: 53, HIP: 55,
  CDS: 59, CDNSKEY: 60, OPENPGPKEY: 61, CSYNC: 62, ZONEMD: 63, SVCB: 64, HTTPS: 65, SPF: 99,
  EUI48: 108, EUI64: 109, TKEY: 249, TSIG: 250, IXFR: 251, AXFR: 252, ANY: 255, URI: 256,
  CAA: 257, TA: 32768, DLV: 32769,
};

const CLASSES: Readonly<Record<string, number>> = { IN: 1, CH: 3, HS: 4, NONE: 254, ANY: 255 };

const TYPE_NAMES = new Map(Object.entries(TYPES).map(([name, code]) => [code, name]));
const CLASS_NAMES = new Map(Object.entries(CLASSES).map(([name, code]) => [code, name]));

function lookup(text: string, table: Readonly<Record<string, number>>, generic: string, what: string): number {
  const upper = text.trim().toUpperCase();
  const known = table[upper];
  if (known !== undefined) return known;
  const match = new RegExp(`^${generic}(\\d{1,5})$`).exec(upper);
  const code = match ? Number(match[1]) : Number.NaN;
  if (Number.isInteger(code) && code >= 0 && code <= 0xffff) return code;
  throw new RangeError(`unknown DNS ${what} "${text}": use a mnemonic (${what === "type" ? "A, AAAA, SRV, TXT…" : "IN, CH…"}) or ${generic}<number>`);
}

/** The code of a record type given as a mnemonic or TYPE<n>. */
export function typeCode(name: string): number {
  return lookup(name, TYPES, "TYPE", "type");
}

export function typeName(code: number): string {
  return TYPE_NAMES.get(code) ?? `TYPE${code}`;
}

export function classCode(name: string): number {
  return lookup(name, CLASSES, "CLASS", "class");
}

export function className(code: number): string {
  return CLASS_NAMES.get(code) ?? `CLASS${code}`;
}

/**
 * dns-packet spells the types it has no name for UNKNOWN_<code> (both ways);
 * this turns its spelling into the standard one.
 */
export function fromPacketName(name: string, kind: "type" | "class"): string {
  const unknown = /^UNKNOWN_(\d+)$/.exec(name);
  if (!unknown) return name;
  const code = Number(unknown[1]);
  return kind === "type" ? typeName(code) : className(code);
}

/** A type or class code in a form dns-packet encodes whatever its own tables hold. */
export function toPacketName(code: number): string {
  return `UNKNOWN_${code}`;
}
