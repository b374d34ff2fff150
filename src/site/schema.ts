// The shape of site.yaml as the user writes it (kebab-case keys). Every object is
// strict so a misspelt key is an error with a suggestion, never silently ignored.
// Semantic rules (overlaps, containment, references) live in checks/, not here.
import { z } from "zod";
import { parseCidr, parseIpv4, parseMac, parseRange } from "./ip.ts";

const NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

const name = (what: string) =>
  z.string().regex(NAME, { message: `${what} must be lower-case letters, digits and dashes (for example "lan-2")` });
const domain = z.string().regex(DOMAIN, { message: 'must be a DNS name such as "office.example.com"' });
const ipv4 = z.string().refine((s) => parseIpv4(s) !== undefined, {
  message: 'must be an IPv4 address such as "198.18.10.2"',
});
const cidr = z.string().refine((s) => parseCidr(s) !== undefined, {
  message: 'must be an IPv4 network in CIDR form with the host bits zero, such as "198.18.10.0/24"',
});
const ipv6Cidr = z.string().regex(/^[0-9a-f:]+\/\d{1,3}$/i, { message: 'must be an IPv6 prefix such as "fd00:10::/64"' });
const range = z.string().refine((s) => parseRange(s) !== undefined, {
  message: 'must be an address range "first-last" (first not above last), such as "198.18.10.100-198.18.10.199"',
});
const mac = z.string().refine((s) => parseMac(s) !== undefined, {
  message: 'must be a MAC address such as "52:54:00:0a:00:02"',
});
const seconds = z.number().int().positive();
const millis = z.number().int().nonnegative();
/** A segment name or a CIDR: where a list of networks is asked for, both read naturally. */
const networkRef = z.string().min(1);

export const dhcpOptionsSchema = z.strictObject({
  routers: z.array(ipv4).optional(),
  "dns-servers": z.array(ipv4).optional(),
  "ntp-servers": z.array(ipv4).optional(),
  "domain-name": domain.optional(),
  "domain-search": z.array(domain).optional(),
});

export const reservationSchema = z.strictObject({
  mac,
  ip: ipv4,
  hostname: name("a hostname").optional(),
  pxe: name("a PXE profile name").optional(),
});

export const segmentDhcpSchema = z.strictObject({
  pools: z.array(range).min(1, { message: "needs at least one pool; remove `dhcp:` to serve no DHCP here" }),
  "lease-time": seconds.optional(),
  options: dhcpOptionsSchema.optional(),
  reservations: z.array(reservationSchema).optional(),
});

export const segmentSchema = z.strictObject({
  name: name("a segment name"),
  subnet: cidr,
  subnet6: ipv6Cidr.optional(),
  gateway: ipv4,
  relayed: z.boolean().optional(),
  dhcp: segmentDhcpSchema.optional(),
  pxe: name("a PXE profile name").optional(),
});

export const interfaceSchema = z.strictObject({
  mac,
  address: ipv4,
});

export const nodeSchema = z.strictObject({
  hostname: name("a hostname"),
  interfaces: z.record(z.string(), interfaceSchema),
});

export const pairSchema = z.strictObject({
  "ssh-keys": z.array(z.string().regex(/^(ssh-|ecdsa-|sk-)\S+ \S+/, { message: "must be an OpenSSH public key line" })).optional(),
  primary: nodeSchema,
  standby: nodeSchema,
});

export const recordTypes = ["A", "AAAA", "CNAME", "MX", "TXT", "SRV", "PTR", "NS"] as const;

export const recordSchema = z.strictObject({
  name: z.string().min(1),
  type: z.enum(recordTypes, { message: `must be one of ${recordTypes.join(", ")}` }),
  value: z.union([z.string().min(1), z.number()]),
  ttl: seconds.optional(),
  zone: domain.optional(),
});

export const zoneSchema = z.strictObject({
  name: domain,
  ttl: seconds.optional(),
});

export const dnsSchema = z.strictObject({
  ttl: seconds.optional(),
  forwarders: z.array(ipv4).optional(),
  "allow-query": z.array(networkRef).optional(),
  zones: z.array(zoneSchema).optional(),
  records: z.array(recordSchema).optional(),
});

export const ntpSchema = z.strictObject({
  upstreams: z.array(ipv4).min(1, { message: "needs at least one upstream server" }),
  allow: z.array(networkRef).optional(),
  "orphan-stratum": z.number().int().min(1).max(15).optional(),
  poll: z
    .strictObject({
      min: z.number().int().min(-6).max(24),
      max: z.number().int().min(-6).max(24),
    })
    .optional(),
});

export const haSchema = z.strictObject({
  mode: z.literal("hot-standby", { message: 'only "hot-standby" is supported' }).optional(),
  "heartbeat-delay": millis.optional(),
  "max-response-delay": millis.optional(),
  "max-ack-delay": millis.optional(),
  "max-unacked-clients": z.number().int().nonnegative().optional(),
  port: z.number().int().min(1).max(65535).optional(),
  user: z.string().regex(/^[A-Za-z0-9._-]+$/).optional(),
  password: z.string().min(8, { message: "must be at least 8 characters" }).optional(),
});

export const dhcpSchema = z.strictObject({
  "lease-time": seconds.optional(),
  ha: haSchema.optional(),
});

export const pxeProfileSchema = z.strictObject({
  name: name("a PXE profile name"),
  kind: z.enum(["live", "install"], { message: 'must be "live" or "install"' }),
  stream: z.enum(["stable", "testing", "next"]).optional(),
  version: z.string().regex(/^\d+\.\d{8}\.\d+\.\d+$/, { message: 'must be a Fedora CoreOS version such as "42.20250914.3.0"' }).optional(),
  "artifacts-url": z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
  "kernel-args": z.array(z.string()).optional(),
  "ignition-url": z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }),
  "install-device": z.string().regex(/^\/dev\//, { message: 'must be a device path such as "/dev/sda"' }).optional(),
});

export const pxeSchema = z.strictObject({
  "http-port": z.number().int().min(1).max(65535).optional(),
  profiles: z.array(pxeProfileSchema),
});

export const osSchema = z.strictObject({
  stream: z.enum(["stable", "testing", "next"]).optional(),
  version: z.string().regex(/^\d+\.\d{8}\.\d+\.\d+$/, { message: 'must be a Fedora CoreOS version such as "42.20250914.3.0"' }).optional(),
  "butane-version": z.enum(["1.4.0", "1.5.0"], { message: 'must be "1.4.0" (Ignition 3.3.0) or "1.5.0" (Ignition 3.4.0)' }).optional(),
});

const imageRef = z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+(:[A-Za-z0-9._-]+|@sha256:[0-9a-f]{64})$/, {
  message: 'must be a pinned image reference with a registry, such as "docker.io/coredns/coredns:1.12.4"',
});

export const imagesSchema = z.strictObject({
  dns: imageRef.optional(),
  dhcp: imageRef.optional(),
  boot: imageRef.optional(),
});

/** A deployment the pair can be upgraded to: new images, OS or service settings. */
export const deploymentSchema = z.strictObject({
  name: name("a deployment name"),
  os: osSchema.optional(),
  images: imagesSchema.optional(),
  dns: z.strictObject({ forwarders: z.array(ipv4).optional(), records: z.array(recordSchema).optional() }).optional(),
  dhcp: z.strictObject({ "lease-time": seconds.optional() }).optional(),
});

export const siteSchema = z.strictObject({
  site: z.strictObject({
    name: name("the site name"),
    domain,
    search: z.array(domain).optional(),
  }),
  segments: z.array(segmentSchema).min(1, { message: "a site needs at least one segment" }),
  pair: pairSchema,
  dns: dnsSchema.optional(),
  ntp: ntpSchema,
  dhcp: dhcpSchema.optional(),
  pxe: pxeSchema.optional(),
  os: osSchema.optional(),
  images: imagesSchema.optional(),
  deployments: z.array(deploymentSchema).optional(),
});

export type RawSite = z.infer<typeof siteSchema>;
export type RawSegment = z.infer<typeof segmentSchema>;
export type RawRecord = z.infer<typeof recordSchema>;
export type RawDeployment = z.infer<typeof deploymentSchema>;
