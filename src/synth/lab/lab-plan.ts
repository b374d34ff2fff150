// The lab of a site as data: networks, volumes and containers. The lab
// runtime executes this plan and docker-compose.yml renders it, so both stand
// up the same lab. Each node is one network namespace (a holder container)
// with its services joined to it, as quadlets with Network=host share the
// host's; every service mounts the very files generated for the node.
import { createHash } from "node:crypto";
import { contains, formatIpv4 } from "../../site/index.ts";
import type { Node, Segment, Site } from "../../site/index.ts";
import { HOST } from "../layout.ts";
import { servicesOf } from "../services.ts";
import type { ServiceName } from "../services.ts";
import { segmentAddresses, upstreamAddresses, uplinks } from "./addresses.ts";
import type { SegmentAddresses } from "./addresses.ts";
import { LAB_FILES, UPSTREAM_DNS_DIR } from "./support-files.ts";

export const LAB_LABEL = "io.coreos-infra.lab";
export const DEFAULT_LAB_BASE_IMAGE = "localhost/coreos-infra/lab-base:bookworm";

export interface LabImages {
  /** Debian image with chrony, dhcrelay, probes' tools: nodes' namespaces, clients, router, stand-ins. */
  readonly base: string;
}

export type ContainerRole = "node" | "service" | "router" | "client" | "upstream" | "upstream-service";

export interface PlanNetwork {
  /** Segment name, or uplinkN. */
  readonly key: string;
  /** Engine-side name. */
  readonly name: string;
  readonly subnet: string;
  /** The host's own address on the bridge. */
  readonly hostAddress: string;
  /** Linux bridge name (15 characters at most), so firewall rules can name it. */
  readonly bridge: string;
  readonly segment?: string;
}

export interface PlanMount {
  readonly type: "bind" | "volume";
  /** bind: path relative to the artifacts directory; volume: volume name. */
  readonly source: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** A volume standing in for a host path under /run: emptied at every boot, as tmpfs is. */
  readonly ephemeral?: boolean;
}

export interface PlanContainer {
  /** Short name unique in the lab, e.g. "ns1", "ns1-dhcp", "router". */
  readonly key: string;
  readonly name: string;
  readonly role: ContainerRole;
  readonly node?: string;
  readonly service?: ServiceName;
  readonly segment?: string;
  readonly image: string;
  readonly hostname?: string;
  readonly command: readonly string[];
  /** Own namespace: the networks and addresses it sits on. */
  readonly networks: readonly { readonly network: string; readonly address: string }[];
  /** Joined namespace: the key of the container whose network it shares. */
  readonly joins?: string;
  readonly mounts: readonly PlanMount[];
  readonly capabilities: readonly string[];
  readonly sysctls: Readonly<Record<string, string>>;
  readonly environment: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

export interface LabPlan {
  readonly name: string;
  readonly site: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly networks: readonly PlanNetwork[];
  readonly volumes: readonly string[];
  readonly containers: readonly PlanContainer[];
}

/** A shell loop that idles until told to stop, as PID 1 of a namespace holder. */
const IDLE = "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done";

/**
 * Linux allows 15 characters: "ci", 8 hex digits of a hash of the lab's
 * name (labs side by side need bridges of their own, and names like
 * side-a and side-b differ in one character only), then the index.
 */
function bridgeName(lab: string, index: number): string {
  return `ci${createHash("sha256").update(lab).digest("hex").slice(0, 8)}-${index}`;
}

function slug(path: string): string {
  return path.replace(/^\/+/, "").replace(/[^a-z0-9]+/gi, "-");
}

export function labPlan(site: Site, name = site.name, images: LabImages = { base: DEFAULT_LAB_BASE_IMAGE }): LabPlan {
  const lab = { [LAB_LABEL]: name };
  const networks: PlanNetwork[] = [];
  const containers: PlanContainer[] = [];
  const volumes = new Set<string>();
  const ups = uplinks(site);

  // Each segment's free addresses, found once for its network and its client.
  const free = new Map<Segment, SegmentAddresses>();
  const addressesOf = (s: Segment): SegmentAddresses => {
    let a = free.get(s);
    if (a === undefined) free.set(s, (a = segmentAddresses(site, s)));
    return a;
  };

  site.segments.forEach((s) => {
    const a = addressesOf(s);
    networks.push({ key: s.name, name: `${name}-${s.name}`, subnet: s.subnet.text, hostAddress: a.host, bridge: bridgeName(name, networks.length), segment: s.name });
  });
  for (const u of ups) networks.push({ key: u.key, name: `${name}-${u.key}`, subnet: u.subnet.text, hostAddress: u.host, bridge: bridgeName(name, networks.length) });

  const base = (key: string, role: ContainerRole, extra: Partial<PlanContainer>): PlanContainer => ({
    key,
    name: `${name}-${key}`,
    role,
    image: images.base,
    command: [],
    networks: [],
    mounts: [],
    capabilities: [],
    sysctls: {},
    environment: {},
    labels: { ...lab, "io.coreos-infra.role": role },
    ...extra,
  });

  for (const node of site.nodes) containers.push(...nodeContainers(site, node, name, images, base, volumes));

  const relayed = site.segments.filter((s) => s.relayed && s.dhcp);
  containers.push(
    base("router", "router", {
      hostname: "router",
      command: ["sh", `/${LAB_FILES.routerScript}`],
      networks: [
        ...site.segments.map((s) => ({ network: s.name, address: formatIpv4(s.gateway) })),
        ...ups.map((u) => ({ network: u.key, address: u.router })),
      ],
      mounts: [{ type: "bind", source: `lab/${LAB_FILES.routerScript}`, target: `/${LAB_FILES.routerScript}`, readOnly: true }],
      capabilities: ["NET_ADMIN", "NET_RAW"],
      sysctls: { "net.ipv4.ip_forward": "1" },
      labels: { ...lab, "io.coreos-infra.role": "router", "io.coreos-infra.relays": relayed.map((s) => s.name).join(",") },
    }),
  );

  for (const s of site.segments) {
    const a = addressesOf(s);
    containers.push(
      base(`client-${s.name}`, "client", {
        hostname: `client-${s.name}`,
        segment: s.name,
        command: ["sh", "-c", `ip route replace default via ${formatIpv4(s.gateway)}; ${IDLE}`],
        networks: [{ network: s.name, address: a.client }],
        capabilities: ["NET_ADMIN", "NET_RAW"],
        labels: { ...lab, "io.coreos-infra.role": "client", "io.coreos-infra.segment": s.name },
      }),
    );
  }

  for (const u of ups) {
    const outsider = (u.subnet.network + 200) >>> 0;
    if (u === ups[0] && !u.upstreams.includes(outsider)) {
      // A host beyond the site: what the pair must refuse, and how far a lab packet may go.
      containers.push(
        base("outsider", "client", {
          hostname: "outsider",
          segment: u.key,
          command: ["sh", "-c", `ip route replace default via ${u.router}; ${IDLE}`],
          networks: [{ network: u.key, address: formatIpv4(outsider) }],
          capabilities: ["NET_ADMIN", "NET_RAW"],
          labels: { ...lab, "io.coreos-infra.role": "client", "io.coreos-infra.segment": u.key },
        }),
      );
    }
    for (const address of u.upstreams) containers.push(...upstreamContainers(site, formatIpv4(address), u.key, u.router, base));
  }
  // An upstream inside a site segment (a resolver in the server room) stands in on that segment.
  for (const address of upstreamAddresses(site)) {
    const s = site.segments.find((x) => contains(x.subnet, address));
    if (s) containers.push(...upstreamContainers(site, formatIpv4(address), s.name, formatIpv4(s.gateway), base));
  }

  return { name, site: site.name, labels: lab, networks, volumes: [...volumes].sort(), containers };
}

function nodeContainers(
  site: Site,
  node: Node,
  lab: string,
  images: LabImages,
  base: (key: string, role: ContainerRole, extra: Partial<PlanContainer>) => PlanContainer,
  volumes: Set<string>,
): PlanContainer[] {
  const root = `nodes/${node.hostname}/root`;
  const first = site.segments.find((s) => s.name === node.interfaces[0]?.segment);
  const labels = (extra: Record<string, string>) => ({ [LAB_LABEL]: lab, "io.coreos-infra.node": node.hostname, "io.coreos-infra.role-of-node": node.role, ...extra });
  const route = first ? `ip route replace default via ${formatIpv4(first.gateway)}; ` : "";
  const holder = base(node.hostname, "node", {
    node: node.hostname,
    hostname: node.hostname,
    command: ["sh", "-c", `${route}nft -f ${HOST.firewall}; ${IDLE}`],
    networks: node.interfaces.map((i) => ({ network: i.segment, address: formatIpv4(i.address) })),
    mounts: [{ type: "bind", source: `${root}${HOST.firewall}`, target: HOST.firewall, readOnly: true }],
    capabilities: ["NET_ADMIN", "NET_RAW"],
    labels: labels({ "io.coreos-infra.role": "node" }),
  });
  const services = servicesOf(site, node).map((spec) => {
    const mounts: PlanMount[] = spec.mounts.map((m) => {
      if (m.kind === "config") return { type: "bind", source: `${root}${m.host}`, target: m.container, readOnly: m.readOnly };
      const volume = `${lab}-${node.hostname}-${slug(m.host)}`;
      volumes.add(volume);
      return { type: "volume", source: volume, target: m.container, readOnly: m.readOnly, ...(m.kind === "run" ? { ephemeral: true } : {}) };
    });
    // chronyd must not steer the clock every container shares with the host.
    const command = spec.name === "ntp" ? [spec.command[0]!, "-x", ...spec.command.slice(1)] : spec.command;
    return base(`${node.hostname}-${spec.name}`, "service", {
      node: node.hostname,
      service: spec.name,
      image: spec.image ?? images.base,
      command,
      joins: node.hostname,
      mounts,
      capabilities: spec.capabilities.map((c) => c.replace(/^CAP_/, "")),
      environment: spec.environment,
      labels: labels({ "io.coreos-infra.role": "service", "io.coreos-infra.service": spec.name, "io.coreos-infra.unit": spec.unit }),
    });
  });
  return [holder, ...services];
}

/** Stand-ins for an upstream address: NTP answered by chronyd, DNS by CoreDNS on the same namespace. */
function upstreamContainers(
  site: Site,
  address: string,
  network: string,
  gateway: string,
  base: (key: string, role: ContainerRole, extra: Partial<PlanContainer>) => PlanContainer,
): PlanContainer[] {
  const key = `upstream-${address}`;
  const isNtp = site.ntp.upstreams.some((u) => formatIpv4(u) === address);
  const isDns = site.dns.forwarders.some((f) => formatIpv4(f) === address);
  const serve = isNtp ? `chronyd -x -f /${LAB_FILES.upstreamChrony} & ` : "";
  const roles = [isNtp ? "ntp" : "", isDns ? "dns" : ""].filter(Boolean).join(",");
  const holder = base(key, "upstream", {
    hostname: `upstream-${address.replace(/\./g, "-")}`,
    command: ["sh", "-c", `ip route replace default via ${gateway}; ${serve}${IDLE}`],
    networks: [{ network, address }],
    mounts: isNtp ? [{ type: "bind", source: `lab/${LAB_FILES.upstreamChrony}`, target: `/${LAB_FILES.upstreamChrony}`, readOnly: true }] : [],
    capabilities: ["NET_ADMIN"],
    labels: { ...base(key, "upstream", {}).labels, "io.coreos-infra.upstream": roles, "io.coreos-infra.address": address },
  });
  if (!isDns) return [holder];
  return [
    holder,
    base(`${key}-dns`, "upstream-service", {
      image: site.images.dns,
      command: ["-conf", `/etc/coredns/Corefile`],
      joins: key,
      mounts: [{ type: "bind", source: `lab/${UPSTREAM_DNS_DIR}`, target: "/etc/coredns", readOnly: true }],
      labels: { ...holder.labels, "io.coreos-infra.role": "upstream-service", "io.coreos-infra.service": "dns" },
    }),
  ];
}
