// The typed, normalised site: defaults applied, names made absolute, addresses
// as numbers, derived facts (zones, PTRs, per-segment DHCP options) filled in.
// Every user-written item keeps `at`, its path in site.yaml, so a later check
// can point at the line that caused it.
import type { Cidr, Ipv4Range } from "./ip.ts";

export type Path = readonly (string | number)[];

export type Role = "primary" | "standby";
export const ROLES: readonly Role[] = ["primary", "standby"];

export interface Site {
  readonly name: string;
  /** Lower case, no trailing dot. */
  readonly domain: string;
  readonly search: readonly string[];
  readonly segments: readonly Segment[];
  /** Always two, primary first. */
  readonly nodes: readonly [Node, Node];
  readonly sshKeys: readonly string[];
  readonly dns: Dns;
  readonly ntp: Ntp;
  readonly dhcp: Dhcp;
  readonly pxe: Pxe;
  readonly os: Os;
  readonly images: Images;
  readonly deployments: readonly Deployment[];
}

export interface Segment {
  readonly name: string;
  readonly index: number;
  readonly subnet: Cidr;
  readonly subnet6?: string;
  readonly gateway: number;
  /** True when the pair reaches this segment through a DHCP relay on its gateway. */
  readonly relayed: boolean;
  readonly dhcp?: SegmentDhcp;
  readonly pxe?: string;
  readonly at: Path;
}

export interface Pool {
  readonly range: Ipv4Range;
  readonly at: Path;
}

export interface Reservation {
  readonly mac: string;
  readonly ip: number;
  readonly hostname?: string;
  readonly pxe?: string;
  readonly at: Path;
}

export interface DhcpOptions {
  readonly routers: readonly number[];
  readonly dnsServers: readonly number[];
  readonly ntpServers: readonly number[];
  readonly domainName: string;
  readonly domainSearch: readonly string[];
}

export interface SegmentDhcp {
  readonly pools: readonly Pool[];
  readonly leaseTime: number;
  readonly options: DhcpOptions;
  readonly reservations: readonly Reservation[];
  readonly at: Path;
}

export interface NodeInterface {
  readonly segment: string;
  readonly mac: string;
  readonly address: number;
  readonly at: Path;
}

export interface Node {
  readonly role: Role;
  readonly hostname: string;
  readonly fqdn: string;
  readonly interfaces: readonly NodeInterface[];
  readonly at: Path;
}

export type RecordType = "A" | "AAAA" | "CNAME" | "MX" | "TXT" | "SRV" | "PTR" | "NS";

export type RecordData =
  | { readonly type: "A"; readonly address: number }
  | { readonly type: "AAAA"; readonly address: string }
  | { readonly type: "CNAME" | "PTR" | "NS"; readonly target: string }
  | { readonly type: "MX"; readonly preference: number; readonly exchange: string }
  | { readonly type: "SRV"; readonly priority: number; readonly weight: number; readonly port: number; readonly target: string }
  | { readonly type: "TXT"; readonly text: readonly string[] };

/** Where a record came from: written by the user, or derived from the site. */
export type RecordSource = "record" | "node" | "reservation" | "ptr" | "ns";

export interface DnsRecord {
  /** Absolute, lower case, no trailing dot. */
  readonly name: string;
  readonly ttl?: number;
  readonly data: RecordData;
  readonly source: RecordSource;
  /** For user records the record; for derived ones the item they came from. */
  readonly at: Path;
}

export interface Zone {
  readonly name: string;
  readonly ttl: number;
  readonly reverse: boolean;
  readonly records: readonly DnsRecord[];
  readonly at: Path;
}

export interface NetworkRef {
  readonly cidr: Cidr;
  /** The segment the entry named, when it named one. */
  readonly segment?: string;
  readonly at: Path;
}

export interface Dns {
  readonly ttl: number;
  readonly forwarders: readonly number[];
  readonly allowQuery: readonly NetworkRef[];
  readonly zones: readonly Zone[];
}

export interface Ntp {
  readonly upstreams: readonly number[];
  readonly allow: readonly NetworkRef[];
  readonly orphanStratum: number;
  readonly poll?: { readonly min: number; readonly max: number };
}

export interface Ha {
  readonly mode: "hot-standby";
  readonly heartbeatDelay: number;
  readonly maxResponseDelay: number;
  readonly maxAckDelay: number;
  readonly maxUnackedClients: number;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly at: Path;
}

export interface Dhcp {
  readonly leaseTime: number;
  readonly ha: Ha;
}

export interface PxeProfile {
  readonly name: string;
  readonly kind: "live" | "install";
  readonly stream: string;
  readonly version?: string;
  /** Directory URL holding the kernel, initramfs and rootfs, trailing slash included. */
  readonly artifactsUrl: string;
  readonly kernelArgs: readonly string[];
  readonly ignitionUrl: string;
  readonly installDevice: string;
  readonly at: Path;
}

export interface Pxe {
  readonly httpPort: number;
  readonly profiles: readonly PxeProfile[];
}

export interface Os {
  readonly stream: string;
  readonly version?: string;
  readonly butaneVersion: "1.4.0" | "1.5.0";
  readonly ignitionVersion: "3.3.0" | "3.4.0";
}

export interface Images {
  readonly dns: string;
  readonly dhcp: string;
  readonly boot: string;
}

/** A candidate deployment: the whole site as it would be after an upgrade. */
export interface Deployment {
  readonly name: string;
  readonly site: Site;
  readonly at: Path;
}
