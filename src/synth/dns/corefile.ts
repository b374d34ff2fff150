// Corefile for one node: the site's zones from their files, everything else
// forwarded, each block listening on the node's own addresses only and
// answering only the networks the site allows (no open resolver).
import { formatIpv4 } from "../../site/index.ts";
import type { Node, Site } from "../../site/index.ts";
import { CONTAINER, PORTS } from "../layout.ts";
import { serviceAddress } from "../services.ts";
import { zoneFileName } from "./zone-file.ts";

const INDENT = "    ";

export function corefile(site: Site, node: Node): string {
  const service = formatIpv4(serviceAddress(node));
  const common = commonDirectives(site, node, service);
  const blocks = site.dns.zones.map((zone, i) =>
    serverBlock(zone.name, [
      ...common,
      `file ${CONTAINER.zonesDir}/${zoneFileName(zone)}`,
      // Process-wide endpoints: CoreDNS takes them from one block only.
      ...(i === 0 ? [`health ${service}:${PORTS.corednsHealth}`, `ready ${service}:${PORTS.corednsReady}`, "reload"] : []),
    ]),
  );
  if (site.dns.forwarders.length > 0) {
    blocks.push(serverBlock(".", [...common, `forward . ${site.dns.forwarders.map(formatIpv4).join(" ")}`, "cache"]));
  }
  return [`# Corefile for ${node.hostname} (${node.role}) of site ${site.name}. Generated: edit site.yaml instead.`, "", blocks.join("\n\n"), ""].join("\n");
}

/** What every block shares: where it listens, who may ask, what it logs and measures. */
function commonDirectives(site: Site, node: Node, service: string): string[] {
  return [
    `bind ${node.interfaces.map((i) => formatIpv4(i.address)).join(" ")}`,
    ...aclBlock(allowedSources(site)),
    "errors",
    "log",
    // One metrics listener serves every block that names the same address.
    `prometheus ${service}:${PORTS.corednsMetrics}`,
  ];
}

/** The site's query networks, the pair itself and loopback; order kept, duplicates dropped. */
export function allowedSources(site: Site): string[] {
  const pair = site.nodes.flatMap((n) => n.interfaces.map((i) => `${formatIpv4(i.address)}/32`));
  return [...new Set([...site.dns.allowQuery.map((n) => n.cidr.text), ...pair, "127.0.0.0/8"])];
}

function aclBlock(sources: readonly string[]): string[] {
  // `block` answers REFUSED, so a client outside the site learns it is not served here.
  return ["acl {", `${INDENT}allow net ${sources.join(" ")}`, `${INDENT}block`, "}"];
}

function serverBlock(key: string, directives: readonly string[]): string {
  return [`${key} {`, ...directives.map((d) => `${INDENT}${d}`), "}"].join("\n");
}
