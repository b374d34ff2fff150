// What a scenario can do to a node, in the lab's terms: the same verbs an
// operator uses on a real host. Every action updates the node's remembered
// state so the next command (or a reboot) sees it.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { formatIpv4 } from "../site/index.ts";
import type { Node } from "../site/index.ts";
import { execIn } from "./exec.ts";
import type { Lab } from "./lab.ts";
import { killContainer, stopContainer } from "./materialize.ts";

export const ACTIONS = ["reboot", "crash", "poweroff", "poweron", "partition", "heal", "upgrade", "rollback", "skew"] as const;
export type ActionName = (typeof ACTIONS)[number];

const PARTITION_TABLE = "coreos_infra_partition";

/** Containers of the node in shutdown order: services first, the namespace holder last. */
function shutdownOrder(lab: Lab, node: Node): string[] {
  const containers = lab.nodeContainers(node);
  return [...containers.filter((c) => c.joins), ...containers.filter((c) => !c.joins)].map((c) => c.name);
}

/** Graceful: services get SIGTERM and time to stop, like systemd at shutdown. */
export async function poweroff(lab: Lab, node: Node): Promise<void> {
  for (const name of shutdownOrder(lab, node)) await stopContainer(lab.docker, name, 5);
  await lab.removeNodeContainers(node);
  lab.nodeState(node).power = "off";
  await lab.saveState();
}

export async function poweron(lab: Lab, node: Node): Promise<void> {
  if (lab.nodeState(node).power === "on") throw new Error(`${node.hostname} is already powered on`);
  await lab.bootNode(node);
  await reapplyPartitions(lab, node);
}

export async function reboot(lab: Lab, node: Node): Promise<void> {
  await poweroff(lab, node);
  await poweron(lab, node);
}

/** No shutdown at all: every process of the node gets SIGKILL at once. */
export async function crash(lab: Lab, node: Node): Promise<void> {
  await Promise.all(shutdownOrder(lab, node).map((name) => killContainer(lab.docker, name)));
  await lab.removeNodeContainers(node);
  lab.nodeState(node).power = "off";
  await lab.saveState();
}

async function interfaceOn(lab: Lab, node: Node, segment: string): Promise<string> {
  const i = node.interfaces.find((x) => x.segment === segment);
  if (!i) throw new Error(`${node.hostname} is not on segment ${segment}; it sits on ${node.interfaces.map((x) => x.segment).join(", ")}`);
  const r = await execIn(lab.docker, lab.containerName(node.hostname), ["ip", "-o", "-4", "addr", "show"]);
  const line = r.stdout.split("\n").find((l) => l.includes(` ${formatIpv4(i.address)}/`));
  const name = line?.split(/\s+/)[1];
  if (!name) throw new Error(`cannot find ${node.hostname}'s interface for ${formatIpv4(i.address)}`);
  return name;
}

const run = promisify(execFile);

/**
 * The host's end of the node's cable on a segment: the veth peer of its
 * interface there, found by the index the node's end links to.
 */
async function hostEnd(lab: Lab, node: Node, segment: string): Promise<string> {
  const iface = await interfaceOn(lab, node, segment);
  const r = await execIn(lab.docker, lab.containerName(node.hostname), ["cat", `/sys/class/net/${iface}/iflink`]);
  const index = r.stdout.trim();
  const { stdout } = await run("ip", ["-o", "link", "show"]);
  const name = stdout.split("\n").find((l) => l.startsWith(`${index}: `))?.split(": ")[1]?.split("@")[0];
  if (!name) throw new Error(`cannot find the host's end of ${node.hostname}'s interface on ${segment} (link index ${index})`);
  return name;
}

/**
 * Unplugs (or plugs back) the node's cables: the host's end of each cut
 * interface goes down, so nothing reaches the node there and nothing it
 * sends leaves, packet sockets included. Kea's DHCP uses packet sockets,
 * which no netfilter rule inside the node sees.
 */
async function setCables(lab: Lab, node: Node, cut: readonly string[]): Promise<void> {
  for (const i of node.interfaces) {
    const end = await hostEnd(lab, node, i.segment);
    await run("ip", ["link", "set", "dev", end, cut.includes(i.segment) ? "down" : "up"]);
  }
}

async function applyPartition(lab: Lab, node: Node, segments: readonly string[]): Promise<void> {
  const holder = lab.containerName(node.hostname);
  await execIn(lab.docker, holder, ["sh", "-c", `nft delete table inet ${PARTITION_TABLE} 2>/dev/null; true`]);
  await setCables(lab, node, segments);
  if (segments.length === 0) return;
  const ifaces = await Promise.all(segments.map((s) => interfaceOn(lab, node, s)));
  const set = ifaces.map((i) => `"${i}"`).join(", ");
  // The cable is cut: nothing in, nothing out on those interfaces, before any other rule sees it.
  const rules = [
    `table inet ${PARTITION_TABLE} {`,
    `  chain in { type filter hook prerouting priority raw - 10; policy accept; iifname { ${set} } drop; }`,
    `  chain out { type filter hook output priority raw - 10; policy accept; oifname { ${set} } drop; }`,
    "}",
  ].join("\n");
  const r = await execIn(lab.docker, holder, ["sh", "-c", `printf '%s\\n' '${rules}' | nft -f -`]);
  if (r.exitCode !== 0) throw new Error(`cannot cut ${node.hostname} off ${segments.join(", ")}: ${r.stderr.trim()}`);
}

async function reapplyPartitions(lab: Lab, node: Node): Promise<void> {
  const cut = lab.nodeState(node).partitioned;
  if (cut.length > 0) await applyPartition(lab, node, cut);
}

export async function partition(lab: Lab, node: Node, segment?: string): Promise<void> {
  const state = lab.nodeState(node);
  if (state.power !== "on") throw new Error(`${node.hostname} is powered off`);
  const segments = segment ? [segment] : node.interfaces.map((i) => i.segment);
  for (const s of segments) if (!state.partitioned.includes(s)) state.partitioned.push(s);
  await applyPartition(lab, node, state.partitioned);
  await lab.saveState();
}

export async function heal(lab: Lab, node: Node): Promise<void> {
  lab.nodeState(node).partitioned = [];
  if (lab.nodeState(node).power === "on") await applyPartition(lab, node, []);
  await lab.saveState();
}

/** Boots the node into another deployment; the one it ran becomes its rollback. */
export async function upgrade(lab: Lab, node: Node, deployment: string): Promise<void> {
  lab.deploymentSite(deployment);
  const state = lab.nodeState(node);
  if (state.booted === deployment) throw new Error(`${node.hostname} already runs deployment ${deployment}`);
  await lab.ensureDeploymentArtifacts(deployment);
  if (state.power === "on") await poweroff(lab, node);
  state.rollback = state.booted;
  state.booted = deployment;
  await lab.saveState();
  await poweron(lab, node);
}

export async function rollback(lab: Lab, node: Node): Promise<void> {
  const state = lab.nodeState(node);
  if (state.rollback === undefined) throw new Error(`${node.hostname} has no rollback deployment (it was never upgraded)`);
  if (state.power === "on") await poweroff(lab, node);
  [state.booted, state.rollback] = [state.rollback, state.booted];
  await lab.saveState();
  await poweron(lab, node);
}

/** Moves the node's clock (as its services see it) by some seconds; services restart to take it. */
export async function skew(lab: Lab, node: Node, seconds: number): Promise<void> {
  const state = lab.nodeState(node);
  state.skewSeconds = seconds;
  await lab.saveState();
  if (state.power === "on") {
    await poweroff(lab, node);
    await poweron(lab, node);
  }
}
