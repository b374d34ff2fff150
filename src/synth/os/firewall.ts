// Host firewall (nftables) closing the HA listener to all but the partner.
import type { Node, Site } from "../../site/index.ts";
import type { HostFile, HostUnit } from "./node-config.ts";

export function firewall(_site: Site, _node: Node): { file: HostFile; unit: HostUnit } {
  throw new Error("firewall: not written yet");
}
