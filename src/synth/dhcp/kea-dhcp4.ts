// kea-dhcp4.conf for one node. Both nodes get the same subnets and options;
// only this-server-name and the PXE server address (each node points boot
// clients at itself) differ.
import type { Node, Site } from "../../site/index.ts";
import { CONTAINER } from "../layout.ts";
import { keaHook, renderKeaJson, stdoutLoggers } from "./kea-common.ts";
import { haParameters } from "./kea-ha.ts";
import { pxeClientClasses } from "./kea-pxe-classes.ts";
import { keaSubnets } from "./kea-subnets.ts";

/** How often (s) Kea rewrites the lease file without expired and superseded entries. */
export const LFC_INTERVAL = 3600;

export function keaDhcp4Conf(site: Site, node: Node): string {
  return renderKeaJson({
    Dhcp4: {
      // Interface names differ between a host and the lab; Kea skips
      // loopback. Raw sockets: directly attached clients broadcast from
      // 0.0.0.0 before they have an address.
      "interfaces-config": { interfaces: ["*"], "dhcp-socket-type": "raw" },
      "control-socket": { "socket-type": "unix", "socket-name": CONTAINER.keaSocket },
      "lease-database": { type: "memfile", persist: true, name: CONTAINER.keaLeaseFile, "lfc-interval": LFC_INTERVAL },
      // The site's DHCP is the only one on its segments: answer a client
      // asking for an address from elsewhere with a NAK at once.
      authoritative: true,
      "valid-lifetime": site.dhcp.leaseTime,
      "host-reservation-identifiers": ["hw-address"],
      "reservations-global": false,
      "reservations-in-subnet": true,
      "hooks-libraries": [
        { library: keaHook("libdhcp_lease_cmds.so") },
        { library: keaHook("libdhcp_ha.so"), parameters: haParameters(site, node) },
      ],
      "client-classes": pxeClientClasses(site, node),
      subnet4: keaSubnets(site.segments),
      loggers: stdoutLoggers("kea-dhcp4"),
    },
  });
}
