// The shapes option data comes in, each with its typed value and the two
// directions of conversion. A decoder throws DhcpCodecError on data that does
// not fit its shape; the option layer then keeps the option as raw bytes.
import { DhcpCodecError } from "./codec-error.ts";
import { bytesToHex, concatBytes, hexToBytes, ipv4FromBytes, ipv4ToBytes, textFromBytes, textToBytes } from "./bytes.ts";
import { decodeDomainList, encodeDomainList, encodeName, readName } from "./domain-names.ts";
import { MESSAGE_TYPE_CODES, messageTypeName } from "./message-types.ts";
import type { MessageTypeName } from "./message-types.ts";

/** Option 61 (RFC 2132 §9.14): a type octet (1 = Ethernet) and the identifier. */
export interface ClientId {
  readonly type: number;
  readonly id: Uint8Array;
}

/** Option 81 (RFC 4702): what the client asks the server to do about DNS. */
export interface ClientFqdn {
  /** S: the server should update the A record. */
  readonly serverUpdates: boolean;
  /** O: the server overrode the client's S bit (replies only). */
  readonly override: boolean;
  /** E: the name is in DNS wire format (otherwise deprecated ASCII). */
  readonly encoded: boolean;
  /** N: the server should do no updates at all. */
  readonly noUpdates: boolean;
  readonly rcode1: number;
  readonly rcode2: number;
  readonly name: string;
  /** A partial name (no root label): the server completes it. */
  readonly partial: boolean;
}

/** One sub-option of option 82 (RFC 3046) and its registered name when known. */
export interface SubOption {
  readonly code: number;
  readonly name?: string;
  readonly data: Uint8Array;
}

/** One route of option 121 (RFC 3442). */
export interface ClasslessRoute {
  /** `a.b.c.d/n`, host bits zero. */
  readonly destination: string;
  readonly router: string;
}

/**
 * Option 77. RFC 3004 wants length-prefixed class instances, but iPXE sends
 * the bare string "iPXE", and that is what PXE setups match on; both forms
 * are kept apart so an exact byte match stays possible.
 */
export type UserClass = { readonly format: "rfc3004"; readonly classes: readonly string[] } | { readonly format: "raw"; readonly text: string };

/** Option 94 (RFC 4578 §2.2): type 1 = UNDI, with its version. */
export interface ClientNdi {
  readonly type: number;
  readonly major: number;
  readonly minor: number;
}

/** Option 97 (RFC 4578 §2.3): type 0 and a 16-octet UUID, shown in RFC 4122 text form. */
export interface MachineId {
  readonly type: number;
  readonly id: string;
}

export interface KindValues {
  ipv4: string;
  "ipv4-list": readonly string[];
  uint8: number;
  uint16: number;
  uint32: number;
  int32: number;
  "uint8-list": readonly number[];
  "uint16-list": readonly number[];
  text: string;
  bytes: Uint8Array;
  "message-type": MessageTypeName | number;
  "client-id": ClientId;
  fqdn: ClientFqdn;
  "relay-agent": readonly SubOption[];
  "domain-list": readonly string[];
  routes: readonly ClasslessRoute[];
  "user-class": UserClass;
  "client-ndi": ClientNdi;
  uuid: MachineId;
}

export type Kind = keyof KindValues;

interface KindCodec<V> {
  decode(data: Uint8Array): V;
  encode(value: V): Uint8Array;
}

type KindCodecs = { readonly [K in Kind]: KindCodec<KindValues[K]> };

function exactly(data: Uint8Array, n: number, what: string): void {
  if (data.length !== n) throw new DhcpCodecError(`${what} needs ${n} octets, got ${data.length}`);
}

function multipleOf(data: Uint8Array, n: number, what: string): void {
  if (data.length === 0 || data.length % n !== 0) throw new DhcpCodecError(`${what} needs a non-zero multiple of ${n} octets, got ${data.length}`);
}

function uint(value: number, bits: 8 | 16 | 32): number {
  if (!Number.isInteger(value) || value < 0 || value >= 2 ** bits) throw new DhcpCodecError(`${value} does not fit an unsigned ${bits}-bit field`);
  return value;
}

function view(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

const RELAY_SUB_OPTIONS: Readonly<Record<number, string>> = {
  1: "circuit-id",
  2: "remote-id",
  4: "docsis-device-class",
  5: "link-selection",
  6: "subscriber-id",
  7: "radius-attributes",
  8: "authentication",
  9: "vendor-specific",
  10: "relay-flags",
  11: "server-id-override",
  12: "relay-id",
  151: "vss-information",
  152: "vss-control",
};

function uuidText(id: Uint8Array): string {
  const hex = bytesToHex(id);
  if (id.length !== 16) return hex;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const KINDS: KindCodecs = {
  ipv4: {
    decode: (d) => (exactly(d, 4, "an IPv4 address"), ipv4FromBytes(d)),
    encode: (v) => ipv4ToBytes(v),
  },
  "ipv4-list": {
    decode: (d) => {
      multipleOf(d, 4, "a list of IPv4 addresses");
      return Array.from({ length: d.length / 4 }, (_, i) => ipv4FromBytes(d, i * 4));
    },
    encode: (v) => concatBytes(v.map(ipv4ToBytes)),
  },
  uint8: {
    decode: (d) => (exactly(d, 1, "an 8-bit number"), d[0]!),
    encode: (v) => Uint8Array.of(uint(v, 8)),
  },
  uint16: {
    decode: (d) => (exactly(d, 2, "a 16-bit number"), view(d).getUint16(0)),
    encode: (v) => {
      const out = new Uint8Array(2);
      view(out).setUint16(0, uint(v, 16));
      return out;
    },
  },
  uint32: {
    decode: (d) => (exactly(d, 4, "a 32-bit number"), view(d).getUint32(0)),
    encode: (v) => {
      const out = new Uint8Array(4);
      view(out).setUint32(0, uint(v, 32));
      return out;
    },
  },
  int32: {
    decode: (d) => (exactly(d, 4, "a signed 32-bit number"), view(d).getInt32(0)),
    encode: (v) => {
      if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new DhcpCodecError(`${v} does not fit a signed 32-bit field`);
      const out = new Uint8Array(4);
      view(out).setInt32(0, v);
      return out;
    },
  },
  "uint8-list": {
    decode: (d) => Array.from(d),
    encode: (v) => Uint8Array.from(v.map((n) => uint(n, 8))),
  },
  "uint16-list": {
    decode: (d) => {
      multipleOf(d, 2, "a list of 16-bit numbers");
      return Array.from({ length: d.length / 2 }, (_, i) => view(d).getUint16(i * 2));
    },
    encode: (v) => {
      const out = new Uint8Array(v.length * 2);
      v.forEach((n, i) => view(out).setUint16(i * 2, uint(n, 16)));
      return out;
    },
  },
  text: {
    decode: (d) => textFromBytes(d),
    encode: (v) => textToBytes(v),
  },
  bytes: {
    decode: (d) => d,
    encode: (v) => v,
  },
  "message-type": {
    decode: (d) => (exactly(d, 1, "a message type"), messageTypeName(d[0]!)),
    encode: (v) => Uint8Array.of(typeof v === "number" ? uint(v, 8) : MESSAGE_TYPE_CODES[v]),
  },
  "client-id": {
    decode: (d) => {
      if (d.length < 2) throw new DhcpCodecError(`a client identifier needs at least 2 octets, got ${d.length}`);
      return { type: d[0]!, id: d.subarray(1) };
    },
    encode: (v) => concatBytes([Uint8Array.of(uint(v.type, 8)), v.id]),
  },
  fqdn: {
    decode: (d) => {
      if (d.length < 3) throw new DhcpCodecError(`a client FQDN needs at least 3 octets, got ${d.length}`);
      const flags = d[0]!;
      const encoded = (flags & 0x04) !== 0;
      const rest = d.subarray(3);
      let name: string;
      let partial: boolean;
      if (encoded) {
        if (rest.length === 0) {
          name = "";
          partial = true;
        } else {
          const read = readName(rest, 0, true);
          if (read.next !== rest.length) throw new DhcpCodecError(`client FQDN has ${rest.length - read.next} octets after its name`);
          name = read.name;
          partial = read.partial;
        }
      } else {
        name = textFromBytes(rest);
        partial = !name.endsWith(".");
      }
      return { serverUpdates: (flags & 0x01) !== 0, override: (flags & 0x02) !== 0, encoded, noUpdates: (flags & 0x08) !== 0, rcode1: d[1]!, rcode2: d[2]!, name, partial };
    },
    encode: (v) => {
      const flags = (v.serverUpdates ? 0x01 : 0) | (v.override ? 0x02 : 0) | (v.encoded ? 0x04 : 0) | (v.noUpdates ? 0x08 : 0);
      const name = v.encoded ? (v.name === "" && v.partial ? new Uint8Array(0) : encodeName(v.name, v.partial)) : textToBytes(v.name);
      return concatBytes([Uint8Array.of(flags, uint(v.rcode1, 8), uint(v.rcode2, 8)), name]);
    },
  },
  "relay-agent": {
    decode: (d) => {
      const subs: SubOption[] = [];
      let at = 0;
      while (at < d.length) {
        if (at + 2 > d.length) throw new DhcpCodecError(`relay agent sub-option at offset ${at} has no length octet`);
        const code = d[at]!;
        const len = d[at + 1]!;
        if (at + 2 + len > d.length) throw new DhcpCodecError(`relay agent sub-option ${code} at offset ${at} runs past the option`);
        const name = RELAY_SUB_OPTIONS[code];
        const data = d.subarray(at + 2, at + 2 + len);
        subs.push(name === undefined ? { code, data } : { code, name, data });
        at += 2 + len;
      }
      return subs;
    },
    encode: (v) =>
      concatBytes(
        v.map((s) => {
          if (s.data.length > 255) throw new DhcpCodecError(`relay agent sub-option ${s.code} is ${s.data.length} octets, at most 255 fit`);
          return concatBytes([Uint8Array.of(uint(s.code, 8), s.data.length), s.data]);
        }),
      ),
  },
  "domain-list": {
    decode: (d) => decodeDomainList(d),
    encode: (v) => encodeDomainList(v),
  },
  routes: {
    decode: (d) => {
      const routes: ClasslessRoute[] = [];
      let at = 0;
      while (at < d.length) {
        const width = d[at]!;
        if (width > 32) throw new DhcpCodecError(`classless route at offset ${at} has prefix length ${width}`);
        const significant = Math.ceil(width / 8);
        if (at + 1 + significant + 4 > d.length) throw new DhcpCodecError(`classless route at offset ${at} runs past the option`);
        const dest = new Uint8Array(4);
        dest.set(d.subarray(at + 1, at + 1 + significant));
        routes.push({ destination: `${ipv4FromBytes(dest)}/${width}`, router: ipv4FromBytes(d, at + 1 + significant) });
        at += 1 + significant + 4;
      }
      return routes;
    },
    encode: (v) =>
      concatBytes(
        v.map((r) => {
          const [address = "", widthText = ""] = r.destination.split("/");
          const width = Number(widthText);
          if (!/^\d{1,2}$/.test(widthText) || width > 32) throw new DhcpCodecError(`route destination "${r.destination}" is not a.b.c.d/n`);
          const dest = ipv4ToBytes(address).subarray(0, Math.ceil(width / 8));
          return concatBytes([Uint8Array.of(width), dest, ipv4ToBytes(r.router)]);
        }),
      ),
  },
  "user-class": {
    decode: (d) => {
      const classes: string[] = [];
      let at = 0;
      while (at < d.length) {
        const len = d[at]!;
        if (len === 0 || at + 1 + len > d.length) return { format: "raw", text: textFromBytes(d) };
        classes.push(textFromBytes(d.subarray(at + 1, at + 1 + len)));
        at += 1 + len;
      }
      return classes.length === 0 ? { format: "raw", text: "" } : { format: "rfc3004", classes };
    },
    encode: (v) => {
      if (v.format === "raw") return textToBytes(v.text);
      return concatBytes(
        v.classes.map((c) => {
          const bytes = textToBytes(c);
          if (bytes.length === 0 || bytes.length > 255) throw new DhcpCodecError(`user class "${c}" must be 1 to 255 octets`);
          return concatBytes([Uint8Array.of(bytes.length), bytes]);
        }),
      );
    },
  },
  "client-ndi": {
    decode: (d) => (exactly(d, 3, "a client network interface identifier"), { type: d[0]!, major: d[1]!, minor: d[2]! }),
    encode: (v) => Uint8Array.of(uint(v.type, 8), uint(v.major, 8), uint(v.minor, 8)),
  },
  uuid: {
    decode: (d) => {
      if (d.length < 1) throw new DhcpCodecError("a machine identifier needs a type octet");
      return { type: d[0]!, id: uuidText(d.subarray(1)) };
    },
    encode: (v) => concatBytes([Uint8Array.of(uint(v.type, 8)), hexToBytes(v.id.replace(/-/g, ""))]),
  },
};
