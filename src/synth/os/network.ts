// Static network configuration as NetworkManager keyfiles, one per segment
// the node sits on, matched by MAC so interface naming does not matter.
import { formatIpv4 } from "../../site/index.ts";
import type { Node, Site } from "../../site/index.ts";
import { HOST } from "../layout.ts";
import type { HostFile } from "./node-config.ts";

export function networkFiles(site: Site, node: Node): HostFile[] {
  const resolvers = site.nodes.map((n) => formatIpv4(n.interfaces[0]!.address));
  return node.interfaces.map((i, index) => {
    const segment = site.segments.find((s) => s.name === i.segment)!;
    // The first interface carries the default route; the others reach only their own subnet.
    const gateway = index === 0 ? `,${formatIpv4(segment.gateway)}` : "";
    const contents = [
      "[connection]",
      `id=${segment.name}`,
      "type=ethernet",
      "autoconnect=true",
      "",
      "[ethernet]",
      `mac-address=${i.mac}`,
      "",
      "[ipv4]",
      "method=manual",
      `address1=${formatIpv4(i.address)}/${segment.subnet.prefix}${gateway}`,
      ...(index === 0 ? [`dns=${resolvers.join(";")};`, `dns-search=${site.search.join(";")};`] : ["never-default=true"]),
      "",
      "[ipv6]",
      "method=disabled",
      "",
    ].join("\n");
    return { path: `${HOST.nmConnections}/${segment.name}.nmconnection`, contents, mode: 0o600 };
  });
}

/** Frees port 53: systemd-resolved's stub listener would otherwise hold it. */
export function resolvedDropIn(): HostFile {
  return {
    path: HOST.resolvedDropIn,
    contents: "# CoreDNS serves port 53 on this host.\n[Resolve]\nDNSStubListener=no\n",
    mode: 0o644,
  };
}

export function hostnameFile(node: Node): HostFile {
  return { path: HOST.hostname, contents: `${node.hostname}\n`, mode: 0o644 };
}
