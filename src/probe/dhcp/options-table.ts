// The options this codec knows by name, with the shape of their data. Names
// are Kea's (its option-data names), so a probe result reads like the config
// that produced it. Option 150 has no standard Kea name; RFC 5859's is used.
import type { Kind } from "./option-kinds.ts";

export const OPTION_TABLE = {
  1: { name: "subnet-mask", kind: "ipv4" },
  2: { name: "time-offset", kind: "int32" },
  3: { name: "routers", kind: "ipv4-list" },
  4: { name: "time-servers", kind: "ipv4-list" },
  5: { name: "name-servers", kind: "ipv4-list" },
  6: { name: "domain-name-servers", kind: "ipv4-list" },
  7: { name: "log-servers", kind: "ipv4-list" },
  12: { name: "host-name", kind: "text" },
  13: { name: "boot-size", kind: "uint16" },
  15: { name: "domain-name", kind: "text" },
  17: { name: "root-path", kind: "text" },
  19: { name: "ip-forwarding", kind: "uint8" },
  23: { name: "default-ip-ttl", kind: "uint8" },
  26: { name: "interface-mtu", kind: "uint16" },
  28: { name: "broadcast-address", kind: "ipv4" },
  // Pairs of destination and router, in order.
  33: { name: "static-routes", kind: "ipv4-list" },
  35: { name: "arp-cache-timeout", kind: "uint32" },
  42: { name: "ntp-servers", kind: "ipv4-list" },
  43: { name: "vendor-encapsulated-options", kind: "bytes" },
  44: { name: "netbios-name-servers", kind: "ipv4-list" },
  46: { name: "netbios-node-type", kind: "uint8" },
  50: { name: "dhcp-requested-address", kind: "ipv4" },
  51: { name: "dhcp-lease-time", kind: "uint32" },
  52: { name: "dhcp-option-overload", kind: "uint8" },
  53: { name: "dhcp-message-type", kind: "message-type" },
  54: { name: "dhcp-server-identifier", kind: "ipv4" },
  55: { name: "dhcp-parameter-request-list", kind: "uint8-list" },
  56: { name: "dhcp-message", kind: "text" },
  57: { name: "dhcp-max-message-size", kind: "uint16" },
  58: { name: "dhcp-renewal-time", kind: "uint32" },
  59: { name: "dhcp-rebinding-time", kind: "uint32" },
  60: { name: "vendor-class-identifier", kind: "text" },
  61: { name: "dhcp-client-identifier", kind: "client-id" },
  66: { name: "tftp-server-name", kind: "text" },
  67: { name: "boot-file-name", kind: "text" },
  77: { name: "user-class", kind: "user-class" },
  81: { name: "fqdn", kind: "fqdn" },
  82: { name: "dhcp-agent-options", kind: "relay-agent" },
  91: { name: "client-last-transaction-time", kind: "uint32" },
  92: { name: "associated-ip", kind: "ipv4-list" },
  93: { name: "client-system", kind: "uint16-list" },
  94: { name: "client-ndi", kind: "client-ndi" },
  97: { name: "uuid-guid", kind: "uuid" },
  100: { name: "pcode", kind: "text" },
  101: { name: "tcode", kind: "text" },
  108: { name: "v6-only-preferred", kind: "uint32" },
  114: { name: "v4-captive-portal", kind: "text" },
  116: { name: "auto-config", kind: "uint8" },
  118: { name: "subnet-selection", kind: "ipv4" },
  119: { name: "domain-search", kind: "domain-list" },
  121: { name: "classless-static-route", kind: "routes" },
  124: { name: "vivco-suboptions", kind: "bytes" },
  125: { name: "vivso-suboptions", kind: "bytes" },
  150: { name: "tftp-server-address", kind: "ipv4-list" },
} as const satisfies Readonly<Record<number, { readonly name: string; readonly kind: Kind }>>;

type Table = typeof OPTION_TABLE;
type Entry = Table[keyof Table];

export type OptionName = Entry["name"];
type NameToKind = { [E in Entry as E["name"]]: E["kind"] };
export type KindOf<N extends OptionName> = NameToKind[N];

export interface OptionSpec {
  readonly code: number;
  readonly name: OptionName;
  readonly kind: Kind;
}

const BY_CODE = new Map<number, OptionSpec>(Object.entries(OPTION_TABLE).map(([code, e]) => [Number(code), { code: Number(code), name: e.name, kind: e.kind }]));
const BY_NAME = new Map<string, OptionSpec>([...BY_CODE.values()].map((s) => [s.name, s]));

export function specByCode(code: number): OptionSpec | undefined {
  return BY_CODE.get(code);
}

export function specByName(name: OptionName): OptionSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`option table has no entry named "${name}"`);
  return spec;
}

export const PAD = 0;
export const END = 255;
export const OVERLOAD = 52;
