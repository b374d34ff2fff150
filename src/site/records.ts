// Record values as written in site.yaml, read with zone-file conventions:
// a name without a trailing dot is relative to its zone, "@" is the apex.
import { parseIpv4, ptrName } from "./ip.ts";
import type { RecordData, RecordType } from "./model.ts";

/** A domain as the model keeps it: lower case, no trailing dot. */
export function canonicalDomain(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith(".") ? n.slice(0, -1) : n;
}

export function absoluteName(name: string, origin: string): string {
  const n = name.trim().toLowerCase();
  if (n === "@" || n === "") return origin;
  if (n.endsWith(".")) return n.slice(0, -1);
  return `${n}.${origin}`;
}

export function isInside(name: string, zone: string): boolean {
  if (name === zone) return true;
  // name ends with "." + zone, without building that string for every record.
  const dot = name.length - zone.length - 1;
  return dot >= 0 && name.charCodeAt(dot) === 0x2e && name.endsWith(zone);
}

/** Record names: an IPv4 address in a PTR's name means that address's reverse name. */
export function recordName(type: RecordType, name: string, origin: string): string {
  if (type === "PTR") {
    const address = parseIpv4(name.trim());
    if (address !== undefined) return ptrName(address);
  }
  return absoluteName(name, origin);
}

const IPV6 = /^[0-9a-f:.]+$/i;
const LABEL_NAME = /^(@|[a-z0-9_*]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?)$/i;

export type ParsedValue = { ok: true; data: RecordData } | { ok: false; message: string; hint: string };

function target(text: string, origin: string): string | undefined {
  const t = text.trim();
  return LABEL_NAME.test(t) ? absoluteName(t, origin) : undefined;
}

function u16(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 65535 ? n : undefined;
}

/** Splits TXT text into quoted strings, or takes it whole when unquoted. */
function txtStrings(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('"')) return [t];
  const parts: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"\s*/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(t)) !== null) {
    parts.push(m[1]!.replace(/\\(.)/g, "$1"));
    consumed = re.lastIndex;
  }
  return consumed === t.length ? parts : undefined;
}

export function parseValue(type: RecordType, value: string | number, origin: string): ParsedValue {
  const text = String(value).trim();
  const fail = (message: string, hint: string): ParsedValue => ({ ok: false, message, hint });
  switch (type) {
    case "A": {
      const address = parseIpv4(text);
      return address === undefined
        ? fail(`"${text}" is not an IPv4 address`, 'write an address such as "198.18.10.20"')
        : { ok: true, data: { type, address } };
    }
    case "AAAA":
      return IPV6.test(text) && text.includes(":")
        ? { ok: true, data: { type, address: text.toLowerCase() } }
        : fail(`"${text}" is not an IPv6 address`, 'write an address such as "fd00:10::20"');
    case "CNAME":
    case "PTR":
    case "NS": {
      const t = target(text, origin);
      return t === undefined
        ? fail(`"${text}" is not a host name`, 'write a name such as "printer" or "printer.example.com."')
        : { ok: true, data: { type, target: t } };
    }
    case "MX": {
      const [pref, host, ...rest] = text.split(/\s+/);
      const preference = u16(pref);
      // "." says the domain takes no mail (RFC 7505); kept as the root name, "".
      const exchange = host === undefined ? undefined : host === "." ? "" : target(host, origin);
      return preference === undefined || exchange === undefined || rest.length > 0
        ? fail(`"${text}" is not an MX value`, 'write "PREFERENCE HOST", such as "10 mail"')
        : { ok: true, data: { type, preference, exchange } };
    }
    case "SRV": {
      const [p, w, port, host, ...rest] = text.split(/\s+/);
      const priority = u16(p);
      const weight = u16(w);
      const portNumber = u16(port);
      // "." says the service is not offered here (RFC 2782).
      const t = host === undefined ? undefined : host === "." ? "" : target(host, origin);
      return priority === undefined || weight === undefined || portNumber === undefined || t === undefined || rest.length > 0
        ? fail(`"${text}" is not an SRV value`, 'write "PRIORITY WEIGHT PORT TARGET", such as "0 100 389 dc1"')
        : { ok: true, data: { type, priority, weight, port: portNumber, target: t } };
    }
    case "TXT": {
      const strings = txtStrings(text);
      if (strings === undefined) return fail(`"${text}" has unbalanced quotes`, 'write plain text, or quoted strings such as "\\"a\\" \\"b\\""');
      const tooLong = strings.find((s) => Buffer.byteLength(s) > 255);
      return tooLong !== undefined
        ? fail("a TXT string is longer than 255 bytes", "split it into several quoted strings")
        : { ok: true, data: { type, text: strings } };
    }
  }
}

/** The value as it appears in a zone file, targets absolute with a trailing dot. */
export function rdataText(data: RecordData): string {
  switch (data.type) {
    case "A": {
      const a = data.address;
      return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}`;
    }
    case "AAAA":
      return data.address;
    case "CNAME":
    case "PTR":
    case "NS":
      return `${data.target}.`;
    case "MX":
      return `${data.preference} ${data.exchange}.`;
    case "SRV":
      return `${data.priority} ${data.weight} ${data.port} ${data.target}.`;
    case "TXT":
      return data.text.map((s) => `"${s.replace(/(["\\])/g, "\\$1")}"`).join(" ");
  }
}
