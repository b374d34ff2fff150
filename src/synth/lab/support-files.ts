// Files the lab needs besides the nodes': the site router's script and the
// configs of the upstream stand-ins. Written under lab/ in the artifacts.
import { formatIpv4 } from "../../site/index.ts";
import type { Site } from "../../site/index.ts";
import { serviceAddress } from "../services.ts";
import type { FileEntry } from "../tree.ts";

export const LAB_FILES = {
  routerScript: "router.sh",
  upstreamChrony: "upstream-chrony.conf",
} as const;
export const UPSTREAM_DNS_DIR = "upstream-dns";

/**
 * What the upstream DNS stand-in knows: a zone outside the site, so a
 * forwarded answer is told apart from one the pair made up.
 */
export const UPSTREAM_ZONE = {
  name: "example.net",
  records: [
    { name: "www.example.net", type: "A", value: "203.0.113.80" },
    { name: "example.net", type: "TXT", value: "upstream stand-in" },
  ],
} as const;

export function labSupportFiles(site: Site): FileEntry[] {
  return [
    { path: LAB_FILES.routerScript, contents: routerScript(site), mode: 0o755 },
    { path: LAB_FILES.upstreamChrony, contents: upstreamChrony(), mode: 0o644 },
    { path: `${UPSTREAM_DNS_DIR}/Corefile`, contents: upstreamCorefile(), mode: 0o644 },
    { path: `${UPSTREAM_DNS_DIR}/db.${UPSTREAM_ZONE.name}`, contents: upstreamZone(), mode: 0o644 },
  ];
}

/** The site router: forwards between segments and uplinks and relays DHCP for relayed segments. */
function routerScript(site: Site): string {
  const relayed = site.segments.filter((s) => s.relayed && s.dhcp);
  const servers = site.nodes.map((n) => formatIpv4(serviceAddress(n)));
  const towardPair = site.segments.find((s) => s.name === site.nodes[0].interfaces[0]?.segment);
  const lines = [
    "#!/bin/sh",
    `# Site router of the ${site.name} lab: routes between segments and uplinks,`,
    "# and relays DHCP from relayed segments to the pair (the gateway address is giaddr).",
    "set -eu",
    "# The router knows the lab's networks only: nothing it forwards can leave the lab.",
    "ip route del default 2>/dev/null || true",
    "iface_of() { ip -o -4 addr show | awk -v a=\"$1\" '{ split($4, p, \"/\"); if (p[1] == a) print $2 }'; }",
    "trap 'kill $child 2>/dev/null; exit 0' TERM INT",
  ];
  if (relayed.length > 0 && towardPair) {
    lines.push(
      `down=""`,
      `for gateway in ${relayed.map((s) => formatIpv4(s.gateway)).join(" ")}; do down="$down -id $(iface_of "$gateway")"; done`,
      `dhcrelay -4 -d $down -iu "$(iface_of ${formatIpv4(towardPair.gateway)})" ${servers.join(" ")} &`,
    );
  } else {
    lines.push("sleep infinity &");
  }
  lines.push("child=$!", "wait $child", "");
  return lines.join("\n");
}

/** Upstream NTP stand-in: a stratum-1 server of its own clock (which a scenario may skew). */
function upstreamChrony(): string {
  return ["# Upstream NTP stand-in of the lab.", "local stratum 1", "allow all", ""].join("\n");
}

function upstreamCorefile(): string {
  return [
    "# Upstream DNS stand-in of the lab: answers for one zone outside the site.",
    `${UPSTREAM_ZONE.name}:53 {`,
    `    file /etc/coredns/db.${UPSTREAM_ZONE.name}`,
    "    log",
    "    errors",
    "}",
    ".:53 {",
    "    template ANY ANY {",
    "        rcode NXDOMAIN",
    "    }",
    "    log",
    "    errors",
    "}",
    "",
  ].join("\n");
}

function upstreamZone(): string {
  const origin = `${UPSTREAM_ZONE.name}.`;
  return [
    `$ORIGIN ${origin}`,
    "$TTL 300",
    `@ IN SOA ns.${origin} hostmaster.${origin} 1 3600 600 86400 300`,
    `@ IN NS ns.${origin}`,
    `ns IN A 203.0.113.53`,
    ...UPSTREAM_ZONE.records.map((r) => `${r.name}. IN ${r.type} ${r.type === "TXT" ? `"${r.value}"` : r.value}`),
    "",
  ].join("\n");
}
