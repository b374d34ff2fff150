// From the schema-checked YAML to the typed Site: defaults applied, references
// resolved, DNS data assembled. Problems met on the way (a name that points
// nowhere, an unparsable record value) are collected, never thrown.
import { createHash } from "node:crypto";
import type { Diagnostic } from "./diagnostic.ts";
import { diag } from "./diagnostic.ts";
import { DEFAULTS, IGNITION_FOR_BUTANE, fcosArtifactsUrl } from "./defaults.ts";
import { parseCidr, parseIpv4, parseMac, parseRange } from "./ip.ts";
import type { Dhcp, DhcpOptions, NetworkRef, Node, NodeInterface, Ntp, Path, Pxe, PxeProfile, Role, Segment, Site } from "./model.ts";
import { canonicalDomain } from "./records.ts";
import type { RawSite } from "./schema.ts";
import { didYouMean } from "./suggest.ts";
import { buildZones } from "./zones.ts";

const ip = (text: string): number => parseIpv4(text)!;

export interface Normalized {
  readonly site: Site;
  readonly diagnostics: readonly Diagnostic[];
}

export function normalize(raw: RawSite): Normalized {
  const diagnostics: Diagnostic[] = [];
  const base = normalizeOne(raw, diagnostics);
  const baseRecords = raw.dns?.records?.length ?? 0;
  const deployments = (raw.deployments ?? []).map((d, i) => {
    const at: Path = ["deployments", i];
    const own: Diagnostic[] = [];
    const site = normalizeOne(applyDeployment(raw, d), own);
    // A candidate shares the site's text; report only what the candidate itself breaks.
    const seen = new Set(diagnostics.map((x) => x.message));
    for (const x of own) if (!seen.has(x.message)) diagnostics.push(diag(deploymentPlace(x.at, at, baseRecords), `deployment ${d.name}: ${x.message}`, x.hint));
    return { name: d.name, site, at };
  });
  return { site: { ...base, deployments }, diagnostics };
}

/** A deployment's own records follow the site's in the merged list: point back at where the deployment wrote them. */
function deploymentPlace(merged: Path, deployment: Path, baseRecords: number): Path {
  const [a, b, index, ...rest] = merged;
  if (a === "dns" && b === "records" && typeof index === "number" && index >= baseRecords) return [...deployment, "dns", "records", index - baseRecords, ...rest];
  return deployment;
}

/** The site as a candidate deployment would make it: images, OS and a few service settings replaced. */
function applyDeployment(raw: RawSite, d: NonNullable<RawSite["deployments"]>[number]): RawSite {
  return {
    ...raw,
    os: { ...raw.os, ...d.os },
    images: { ...raw.images, ...d.images },
    dns: {
      ...raw.dns,
      ...(d.dns?.forwarders ? { forwarders: d.dns.forwarders } : {}),
      records: [...(raw.dns?.records ?? []), ...(d.dns?.records ?? [])],
    },
    dhcp: { ...raw.dhcp, ...(d.dhcp?.["lease-time"] ? { "lease-time": d.dhcp["lease-time"] } : {}) },
    deployments: [],
  };
}

function normalizeOne(raw: RawSite, diagnostics: Diagnostic[]): Site {
  const domain = canonicalDomain(raw.site.domain);
  const search = (raw.site.search ?? [domain]).map((s) => canonicalDomain(s));
  const leaseTime = raw.dhcp?.["lease-time"] ?? DEFAULTS.leaseTime;

  const nodes = (["primary", "standby"] as const).map((role) => normalizeNode(raw, role, domain)) as [Node, Node];
  const segmentNames = raw.segments.map((s) => s.name);
  const known = new Set(segmentNames);
  for (const node of nodes) {
    for (const i of node.interfaces) {
      if (!known.has(i.segment)) {
        diagnostics.push({ ...diag(i.at, `segment "${i.segment}" is not a segment of this site`, didYouMean(i.segment, segmentNames) ?? `use one of: ${segmentNames.join(", ")}`), atKey: true });
      }
    }
  }
  const serviceAddresses = nodes.map((n) => n.interfaces[0]?.address).filter((a): a is number => a !== undefined);
  // Each node's address on a segment: its first interface there, looked up by name rather than searched.
  const addressOn = nodes.map((n) => {
    const bySegment = new Map<string, number>();
    for (const i of n.interfaces) if (!bySegment.has(i.segment)) bySegment.set(i.segment, i.address);
    return bySegment;
  });

  const segments: Segment[] = raw.segments.map((s, index) => {
    const at: Path = ["segments", index];
    const subnet = parseCidr(s.subnet)!;
    const gateway = ip(s.gateway);
    const onSegment = addressOn.map((bySegment) => bySegment.get(s.name)).filter((a): a is number => a !== undefined);
    const relayed = s.relayed ?? false;
    const pairAddresses = relayed || onSegment.length === 0 ? serviceAddresses : onSegment;
    const segment: Segment = {
      name: s.name,
      index,
      subnet,
      ...(s.subnet6 ? { subnet6: s.subnet6.toLowerCase() } : {}),
      gateway,
      relayed,
      ...(s.pxe ? { pxe: s.pxe } : {}),
      at,
    };
    if (!s.dhcp) return segment;
    const o = s.dhcp.options ?? {};
    const options: DhcpOptions = {
      routers: (o.routers ?? [s.gateway]).map(ip),
      dnsServers: o["dns-servers"]?.map(ip) ?? pairAddresses,
      ntpServers: o["ntp-servers"]?.map(ip) ?? pairAddresses,
      domainName: o["domain-name"] ? canonicalDomain(o["domain-name"]) : domain,
      domainSearch: o["domain-search"]?.map((d) => canonicalDomain(d)) ?? search,
    };
    return {
      ...segment,
      dhcp: {
        pools: s.dhcp.pools.map((p, i) => ({ range: parseRange(p)!, at: [...at, "dhcp", "pools", i] })),
        leaseTime: s.dhcp["lease-time"] ?? leaseTime,
        options,
        reservations: (s.dhcp.reservations ?? []).map((r, i) => ({
          mac: parseMac(r.mac)!,
          ip: ip(r.ip),
          ...(r.hostname ? { hostname: r.hostname } : {}),
          ...(r.pxe ? { pxe: r.pxe } : {}),
          at: [...at, "dhcp", "reservations", i],
        })),
        at: [...at, "dhcp"],
      },
    };
  });

  // The first segment of each name, as a search from the start would find it.
  const segmentByName = new Map<string, Segment>();
  for (const s of segments) if (!segmentByName.has(s.name)) segmentByName.set(s.name, s);
  const networks = (list: readonly string[] | undefined, at: Path): NetworkRef[] => {
    if (list === undefined) return segments.map((s) => ({ cidr: s.subnet, segment: s.name, at: s.at }));
    return list.flatMap((entry, i): NetworkRef[] => {
      const here: Path = [...at, i];
      const segment = segmentByName.get(entry);
      if (segment) return [{ cidr: segment.subnet, segment: segment.name, at: here }];
      const cidr = parseCidr(entry);
      if (cidr) return [{ cidr, at: here }];
      diagnostics.push(diag(here, `"${entry}" is neither a segment of this site nor a network in CIDR form`, didYouMean(entry, segmentNames) ?? `use a segment name (${segmentNames.join(", ")}) or a CIDR such as "198.18.0.0/15"`));
      return [];
    });
  };

  const dnsTtl = raw.dns?.ttl ?? DEFAULTS.dnsTtl;
  const zoneResult = buildZones({
    domain,
    ttl: dnsTtl,
    extraZones: (raw.dns?.zones ?? []).map((z, i) => ({ name: z.name, ttl: z.ttl, at: ["dns", "zones", i] })),
    records: (raw.dns?.records ?? []).map((r, i) => ({ raw: r, at: ["dns", "records", i] })),
    nodes,
    segments,
  });
  diagnostics.push(...zoneResult.diagnostics);

  const ntp: Ntp = {
    upstreams: raw.ntp.upstreams.map(ip),
    allow: networks(raw.ntp.allow, ["ntp", "allow"]),
    orphanStratum: raw.ntp["orphan-stratum"] ?? DEFAULTS.orphanStratum,
    ...(raw.ntp.poll ? { poll: raw.ntp.poll } : {}),
  };

  const ha = raw.dhcp?.ha ?? {};
  const dhcp: Dhcp = {
    leaseTime,
    ha: {
      mode: "hot-standby",
      heartbeatDelay: ha["heartbeat-delay"] ?? DEFAULTS.ha.heartbeatDelay,
      maxResponseDelay: ha["max-response-delay"] ?? DEFAULTS.ha.maxResponseDelay,
      maxAckDelay: ha["max-ack-delay"] ?? DEFAULTS.ha.maxAckDelay,
      maxUnackedClients: ha["max-unacked-clients"] ?? DEFAULTS.ha.maxUnackedClients,
      port: ha.port ?? DEFAULTS.ha.port,
      user: ha.user ?? DEFAULTS.ha.user,
      password: ha.password ?? derivedPassword(raw),
      at: raw.dhcp?.ha ? ["dhcp", "ha"] : ["dhcp"],
    },
  };

  const osStream = raw.os?.stream ?? DEFAULTS.os.stream;
  const pxe: Pxe = {
    httpPort: raw.pxe?.["http-port"] ?? DEFAULTS.pxeHttpPort,
    profiles: (raw.pxe?.profiles ?? []).flatMap((p, i): PxeProfile[] => {
      const at: Path = ["pxe", "profiles", i];
      const stream = p.stream ?? osStream;
      const version = p.version ?? raw.os?.version;
      // The artifacts' file names carry the version, so a mirror URL alone is not enough.
      if (version === undefined) {
        diagnostics.push(diag(at, `PXE profile ${p.name} has no Fedora CoreOS version to boot`, "set `version` on the profile or `os.version` (the kernel, initramfs and rootfs file names carry it)"));
        return [];
      }
      const artifactsUrl = p["artifacts-url"] ?? fcosArtifactsUrl(stream, version);
      return [
        {
          name: p.name,
          kind: p.kind,
          stream,
          version,
          artifactsUrl: artifactsUrl.endsWith("/") ? artifactsUrl : `${artifactsUrl}/`,
          kernelArgs: p["kernel-args"] ?? [],
          ignitionUrl: p["ignition-url"],
          installDevice: p["install-device"] ?? DEFAULTS.installDevice,
          at,
        },
      ];
    }),
  };

  const butaneVersion = raw.os?.["butane-version"] ?? DEFAULTS.os.butaneVersion;
  return {
    name: raw.site.name,
    domain,
    search,
    segments,
    nodes,
    sshKeys: raw.pair["ssh-keys"] ?? [],
    dns: {
      ttl: dnsTtl,
      forwarders: (raw.dns?.forwarders ?? []).map(ip),
      allowQuery: networks(raw.dns?.["allow-query"], ["dns", "allow-query"]),
      zones: zoneResult.zones,
    },
    ntp,
    dhcp,
    pxe,
    os: { stream: osStream, ...(raw.os?.version ? { version: raw.os.version } : {}), butaneVersion, ignitionVersion: IGNITION_FOR_BUTANE[butaneVersion] },
    images: { ...DEFAULTS.images, ...raw.images },
    deployments: [],
  };
}

function normalizeNode(raw: RawSite, role: Role, domain: string): Node {
  const n = raw.pair[role];
  const interfaces: NodeInterface[] = Object.entries(n.interfaces).map(([segment, i]) => ({
    segment,
    mac: parseMac(i.mac)!,
    address: ip(i.address),
    at: ["pair", role, "interfaces", segment],
  }));
  return { role, hostname: n.hostname, fqdn: `${n.hostname}.${domain}`, interfaces, at: ["pair", role] };
}

/**
 * A site that sets no HA password still gets one that differs between sites;
 * it is not a secret (anyone with site.yaml can derive it), so the peers'
 * listener is also closed to everything but the partner.
 */
function derivedPassword(raw: RawSite): string {
  const seed = [raw.site.name, raw.pair.primary.hostname, raw.pair.standby.hostname, ...(raw.pair["ssh-keys"] ?? [])].join("\n");
  return createHash("sha256").update(seed).digest("base64url").slice(0, 24);
}
