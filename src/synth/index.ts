// synth(site): everything the pair needs, as data. Pure: no disk, network or clock.
import type { Node, Site } from "../site/index.ts";
import { keaCtrlAgentConf } from "./dhcp/kea-ctrl-agent.ts";
import { keaDhcp4Conf } from "./dhcp/kea-dhcp4.ts";
import { corefile } from "./dns/corefile.ts";
import { zoneFile, zoneFileName } from "./dns/zone-file.ts";
import { renderCompose } from "./lab/compose.ts";
import { labPlan } from "./lab/lab-plan.ts";
import { labSupportFiles } from "./lab/support-files.ts";
import { HOST } from "./layout.ts";
import { chronyConf } from "./ntp/chrony.ts";
import { butaneConfig } from "./os/butane.ts";
import { firewall } from "./os/firewall.ts";
import { ignitionConfig } from "./os/ignition.ts";
import { hostnameFile, networkFiles, resolvedDropIn } from "./os/network.ts";
import type { HostFile, NodeConfig } from "./os/node-config.ts";
import { quadletFile } from "./os/quadlet.ts";
import { bootTree } from "./pxe/boot-tree.ts";
import { servicesOf } from "./services.ts";
import { TreeBuilder } from "./tree.ts";
import type { Artifacts, FileEntry } from "./tree.ts";

export type { Artifacts, FileEntry } from "./tree.ts";
export type { NodeConfig, HostFile, HostUnit } from "./os/node-config.ts";
export type { ServiceName, ServiceSpec, Mount } from "./services.ts";
export { SERVICE_NAMES, servicesOf, partnerOf, serviceAddress } from "./services.ts";
export { CONTAINER, HOST, PORTS, KEA_HOOKS_DIR } from "./layout.ts";
export { labPlan, LAB_LABEL, DEFAULT_LAB_BASE_IMAGE } from "./lab/lab-plan.ts";
export type { LabPlan, PlanContainer, PlanNetwork, PlanMount, LabImages } from "./lab/lab-plan.ts";
export { renderCompose } from "./lab/compose.ts";
export { orphanTiming, maxPollSeconds, REACH_BITS } from "./ntp/orphan-timing.ts";
export type { OrphanTiming } from "./ntp/orphan-timing.ts";

/** What both nodes carry byte for byte: made once per site, not once per node. */
interface SharedFiles {
  readonly zones: readonly HostFile[];
  readonly boot: readonly FileEntry[];
}

function sharedFiles(site: Site): SharedFiles {
  return {
    zones: site.dns.zones.map((z) => ({ path: `${HOST.corednsDir}/zones/${zoneFileName(z)}`, contents: zoneFile(site, z), mode: 0o644 })),
    boot: bootTree(site),
  };
}

/** Everything Ignition places on one node. */
export function nodeConfig(site: Site, node: Node, shared: SharedFiles = sharedFiles(site)): NodeConfig {
  const services = servicesOf(site, node);
  const boot = shared.boot;
  const fw = firewall(site, node);
  const files: HostFile[] = [
    hostnameFile(node),
    ...networkFiles(site, node),
    resolvedDropIn(),
    { path: HOST.chronyConf, contents: chronyConf(site, node), mode: 0o644 },
    { path: `${HOST.corednsDir}/Corefile`, contents: corefile(site, node), mode: 0o644 },
    ...shared.zones,
    // Kea's configs carry the HA password: readable by root only.
    { path: `${HOST.keaDir}/kea-dhcp4.conf`, contents: keaDhcp4Conf(site, node), mode: 0o600 },
    { path: `${HOST.keaDir}/kea-ctrl-agent.conf`, contents: keaCtrlAgentConf(site, node), mode: 0o600 },
    ...boot.map((f) => ({ path: `${HOST.bootDir}/${f.path}`, contents: f.contents, mode: f.mode })),
    fw.file,
    ...services.filter((s) => s.image !== undefined).map((s) => quadletFile(s, services)),
  ];
  const stateDirs = services.flatMap((s) => s.mounts.filter((m) => m.kind === "state" && m.host !== HOST.chronyState).map((m) => m.host));
  return {
    hostname: node.hostname,
    sshKeys: site.sshKeys,
    files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    units: [fw.unit],
    directories: [...new Set(stateDirs)].sort().map((path) => ({ path, mode: 0o750 })),
  };
}

export function synth(site: Site): Artifacts {
  const tree = new TreeBuilder();
  const shared = sharedFiles(site);
  for (const node of site.nodes) {
    const config = nodeConfig(site, node, shared);
    const dir = `nodes/${node.hostname}`;
    tree.add(`${dir}/config.bu`, butaneConfig(config, site.os));
    tree.add(`${dir}/config.ign`, ignitionConfig(config, site.os));
    for (const f of config.files) tree.add(`${dir}/root${f.path}`, f.contents, f.mode);
    for (const u of config.units) tree.add(`${dir}/root${HOST.systemdUnits}/${u.name}`, u.contents, 0o644);
  }
  tree.addAll("pxe", shared.boot);
  tree.addAll("lab", labSupportFiles(site));
  tree.add("docker-compose.yml", renderCompose(labPlan(site)));
  return tree.build();
}

/** The artifacts of a candidate deployment, or of the site itself. */
export function synthDeployment(site: Site, deployment?: string): Artifacts {
  if (deployment === undefined) return synth(site);
  const d = site.deployments.find((x) => x.name === deployment);
  if (!d) throw new Error(`site ${site.name} has no deployment "${deployment}"; it has: ${site.deployments.map((x) => x.name).join(", ") || "none"}`);
  return synth(d.site);
}

