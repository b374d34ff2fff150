// The services of a node, described once: image, command, mounts and
// privileges. Quadlets render this for the host; the lab runs exactly this.
import type { Node, Site } from "../site/index.ts";
import { CONTAINER, HOST } from "./layout.ts";

export type ServiceName = "dns" | "dhcp" | "dhcp-agent" | "ntp" | "boot";
export const SERVICE_NAMES: readonly ServiceName[] = ["dns", "dhcp", "dhcp-agent", "ntp", "boot"];

export interface Mount {
  /** Path on the host (written by Ignition for config, created for state). */
  readonly host: string;
  readonly container: string;
  readonly readOnly: boolean;
  /** config: generated files; state: survives reboots (/var); run: cleared on boot (/run). */
  readonly kind: "config" | "state" | "run";
}

export interface ServiceSpec {
  readonly name: ServiceName;
  /** systemd unit (and quadlet file) name without suffix. */
  readonly unit: string;
  readonly description: string;
  /** Image reference; undefined for services the OS itself runs (chronyd). */
  readonly image?: string;
  readonly command: readonly string[];
  readonly mounts: readonly Mount[];
  readonly capabilities: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  /** Units this one starts after. */
  readonly after: readonly string[];
}

export function servicesOf(site: Site, _node: Node): ServiceSpec[] {
  const keaConfig: Mount = { host: HOST.keaDir, container: CONTAINER.keaDir, readOnly: true, kind: "config" };
  const keaRun: Mount = { host: HOST.keaRun, container: CONTAINER.keaRun, readOnly: false, kind: "run" };
  return [
    {
      name: "dns",
      unit: "coredns",
      description: "CoreDNS: the site's zones and forwarding",
      image: site.images.dns,
      command: ["-conf", CONTAINER.corefile],
      mounts: [{ host: HOST.corednsDir, container: CONTAINER.corednsDir, readOnly: true, kind: "config" }],
      capabilities: ["CAP_NET_BIND_SERVICE"],
      environment: {},
      after: [],
    },
    {
      name: "dhcp",
      unit: "kea-dhcp4",
      description: "Kea DHCPv4 server, hot-standby HA with the partner",
      image: site.images.dhcp,
      command: ["kea-dhcp4", "-c", CONTAINER.keaDhcp4Conf],
      mounts: [keaConfig, { host: HOST.keaState, container: CONTAINER.keaState, readOnly: false, kind: "state" }, keaRun],
      capabilities: ["CAP_NET_RAW", "CAP_NET_BIND_SERVICE"],
      environment: {},
      after: [],
    },
    {
      name: "dhcp-agent",
      unit: "kea-ctrl-agent",
      description: "Kea control agent: the HA peers' channel",
      image: site.images.dhcp,
      command: ["kea-ctrl-agent", "-c", CONTAINER.keaAgentConf],
      mounts: [keaConfig, keaRun],
      capabilities: [],
      environment: {},
      after: ["kea-dhcp4"],
    },
    {
      name: "ntp",
      unit: "chronyd",
      description: "chronyd (part of the OS)",
      command: ["chronyd", "-d", "-f", HOST.chronyConf],
      mounts: [
        { host: HOST.chronyConf, container: HOST.chronyConf, readOnly: true, kind: "config" },
        { host: HOST.chronyState, container: HOST.chronyState, readOnly: false, kind: "state" },
      ],
      capabilities: ["CAP_NET_BIND_SERVICE"],
      environment: {},
      after: [],
    },
    {
      name: "boot",
      unit: "boot-server",
      description: "TFTP and HTTP boot server for PXE clients",
      image: site.images.boot,
      command: ["boot-server", "--root", CONTAINER.bootRoot, "--http-port", String(site.pxe.httpPort)],
      mounts: [{ host: HOST.bootDir, container: CONTAINER.bootRoot, readOnly: true, kind: "config" }],
      capabilities: ["CAP_NET_BIND_SERVICE"],
      environment: {},
      after: [],
    },
  ];
}

export function partnerOf(site: Site, node: Node): Node {
  return site.nodes[0] === node ? site.nodes[1] : site.nodes[0];
}

/** The address a node is reached at by its partner and by relayed segments. */
export function serviceAddress(node: Node): number {
  return node.interfaces[0]!.address;
}
