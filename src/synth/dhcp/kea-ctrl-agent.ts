// kea-ctrl-agent.conf for one node.
import type { Node, Site } from "../../site/index.ts";

export function keaCtrlAgentConf(_site: Site, _node: Node): string {
  throw new Error("keaCtrlAgentConf: not written yet");
}
