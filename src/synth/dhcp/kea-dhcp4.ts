// kea-dhcp4.conf for one node.
import type { Node, Site } from "../../site/index.ts";

export function keaDhcp4Conf(_site: Site, _node: Node): string {
  throw new Error("keaDhcp4Conf: not written yet");
}
