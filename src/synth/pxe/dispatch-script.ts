// boot.ipxe: where every iPXE client starts. It picks a profile by the
// machine's MAC (reservations with `pxe`), then by its segment, and sends
// anything else back to its local disk. URLs use ${next-server}, which DHCP
// sets to the answering node, so one file serves from both nodes.
import { formatIpv4 } from "../../site/index.ts";
import type { Site } from "../../site/index.ts";
import { profileScriptPath } from "./boot-files.ts";

function label(profile: string): string {
  return `profile-${profile}`;
}

export function dispatchScript(site: Site): string {
  const byMac = site.segments.flatMap((s) =>
    (s.dhcp?.reservations ?? []).flatMap((r) => (r.pxe !== undefined ? [{ mac: r.mac, profile: r.pxe, what: `${r.hostname ?? formatIpv4(r.ip)} on ${s.name}` }] : [])),
  );
  // iPXE cannot test whether an address lies in a subnet, but the router
  // DHCP gave the client names its segment: each segment has its own.
  const seenGateways = new Set<number>();
  const bySegment = site.segments.flatMap((s) => {
    const gateway = s.dhcp?.options.routers[0];
    if (s.pxe === undefined || gateway === undefined || seenGateways.has(gateway)) return [];
    seenGateways.add(gateway);
    return [{ gateway: formatIpv4(gateway), profile: s.pxe, segment: s.name }];
  });
  const profiles = [...new Set([...byMac.map((m) => m.profile), ...bySegment.map((g) => g.profile)])].sort();

  const lines = [
    "#!ipxe",
    `# Network boot dispatch of site ${site.name}. Generated: edit site.yaml instead.`,
    "",
    `set boot-url http://\${next-server}:${site.pxe.httpPort}`,
    "",
    "# Machines with a profile of their own.",
    ...byMac.map((m) => `iseq \${netX/mac} ${m.mac} && goto ${label(m.profile)} || # ${m.what}`),
    "",
    "# Segments with a profile, known by their router. The x prefix keeps",
    "# iseq's two arguments when the client got no router.",
    ...bySegment.map((g) => `iseq x\${netX/gateway} x${g.gateway} && goto ${label(g.profile)} || # ${g.segment}`),
    "",
    "echo No network boot profile for ${netX/mac}: booting from local disk",
    "exit",
    ...profiles.flatMap((p) => ["", `:${label(p)}`, `chain \${boot-url}/${profileScriptPath(p)} || goto failed`]),
    "",
    ":failed",
    "echo Profile script could not be loaded: booting from local disk in 10 s",
    "sleep 10",
    "exit",
    "",
  ];
  return lines.join("\n");
}
