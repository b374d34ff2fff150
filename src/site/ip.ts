// IPv4 arithmetic on unsigned 32-bit integers. Sites with a thousand segments
// and tens of thousands of records are checked by comparing numbers, never strings.

export interface Cidr {
  readonly network: number;
  readonly prefix: number;
  readonly text: string;
}

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

export function parseIpv4(text: string): number | undefined {
  const m = IPV4.exec(text);
  if (m === null) return undefined;
  return (Number(m[1]) * 16777216 + Number(m[2]) * 65536 + Number(m[3]) * 256 + Number(m[4])) >>> 0;
}

export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses `a.b.c.d/n`; host bits must be zero so a typo is not silently widened. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const address = parseIpv4(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (address === undefined || !/^\d{1,2}$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  if (((address & ~maskOf(prefix)) >>> 0) !== 0) return undefined;
  return { network: address, prefix, text: `${formatIpv4(address)}/${prefix}` };
}

/** The network a CIDR-with-host-bits would have meant, for hints. */
export function cidrNetworkOf(text: string): string | undefined {
  const [addr, prefixText] = text.split("/");
  const address = parseIpv4(addr ?? "");
  const prefix = Number(prefixText);
  if (address === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  return `${formatIpv4((address & maskOf(prefix)) >>> 0)}/${prefix}`;
}

export function broadcastOf(cidr: Cidr): number {
  return (cidr.network | ~maskOf(cidr.prefix)) >>> 0;
}

export function sizeOf(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

export function contains(cidr: Cidr, address: number): boolean {
  return ((address & maskOf(cidr.prefix)) >>> 0) === cidr.network;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.network <= broadcastOf(b) && b.network <= broadcastOf(a);
}

/** Usable host addresses: network and broadcast excluded except on /31 and /32. */
export function hostRange(cidr: Cidr): { first: number; last: number } {
  if (cidr.prefix >= 31) return { first: cidr.network, last: broadcastOf(cidr) };
  return { first: cidr.network + 1, last: broadcastOf(cidr) - 1 };
}

export interface Ipv4Range {
  readonly first: number;
  readonly last: number;
}

/** Parses `a.b.c.d-e.f.g.h` (spaces around the dash allowed) or a CIDR. */
export function parseRange(text: string): Ipv4Range | undefined {
  if (text.includes("/")) {
    const cidr = parseCidr(text.trim());
    return cidr && { first: cidr.network, last: broadcastOf(cidr) };
  }
  const [a, b, ...rest] = text.split("-").map((s) => s.trim());
  if (rest.length > 0 || a === undefined || b === undefined) return undefined;
  const first = parseIpv4(a);
  const last = parseIpv4(b);
  if (first === undefined || last === undefined || first > last) return undefined;
  return { first, last };
}

export function formatRange(range: Ipv4Range): string {
  return `${formatIpv4(range.first)}-${formatIpv4(range.last)}`;
}

export function rangeInside(range: Ipv4Range, cidr: Cidr): boolean {
  return contains(cidr, range.first) && contains(cidr, range.last);
}

/** Reverse-DNS name of one address: `4.3.2.1.in-addr.arpa`. */
export function ptrName(address: number): string {
  return `${address & 255}.${(address >>> 8) & 255}.${(address >>> 16) & 255}.${address >>> 24}.in-addr.arpa`;
}

/**
 * The reverse zones that hold a subnet's PTR records, cut on octet boundaries:
 * a /24 is one zone, a /23 two, a /26 lives in its enclosing /24.
 */
export function reverseZonesOf(cidr: Cidr): { name: string; cidr: Cidr }[] {
  const zonePrefix = cidr.prefix <= 8 ? 8 : cidr.prefix <= 16 ? 16 : 24;
  const effective = Math.max(cidr.prefix, 8);
  const count = 2 ** (zonePrefix - Math.min(effective, zonePrefix));
  const base = (cidr.network & maskOf(Math.min(effective, zonePrefix))) >>> 0;
  const step = 2 ** (32 - zonePrefix);
  const zones: { name: string; cidr: Cidr }[] = [];
  for (let i = 0; i < count; i++) {
    const network = (base + i * step) >>> 0;
    const octets = formatIpv4(network).split(".").slice(0, zonePrefix / 8).reverse();
    zones.push({
      name: `${octets.join(".")}.in-addr.arpa`,
      cidr: { network, prefix: zonePrefix, text: `${formatIpv4(network)}/${zonePrefix}` },
    });
  }
  return zones;
}

const MAC = /^[0-9a-f]{2}([:-][0-9a-f]{2}){5}$/i;

/** Normalises a MAC to lower-case colon form, or undefined when malformed. */
export function parseMac(text: string): string | undefined {
  if (!MAC.test(text)) return undefined;
  return text.toLowerCase().replace(/-/g, ":");
}
