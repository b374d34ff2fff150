// The engine gives each subnet to one network only. Were the lab's networks
// made on the site's subnets, two labs of one site could not run side by
// side, and a site could not use a subnet any other network of the machine
// has. So the engine picks a free subnet of its own for each lab network, a
// placeholder nothing uses (the host takes no address on the bridge, and
// frames only cross it), and every container that owns a namespace trades
// the placeholder address it was given for the site's address before its
// own command runs. Interfaces are found by the placeholder subnet, so the
// order in which the engine attaches them does not matter. Each interface
// also takes a MAC address made from its site address: the engine's MAC
// follows the placeholder address, which changes when a node boots again,
// and a real host keeps its MAC across reboots (its peers' ARP caches stay
// right).
import type Docker from "dockerode";
import type { LabPlan, PlanContainer } from "../synth/index.ts";
import { execIn } from "./exec.ts";
import { containerLogs } from "./logs.ts";

/** The variable that carries a container's `placeholder-subnet=address/prefix=mac` triples. */
export const ADDRESSES_ENV = "COREOS_INFRA_ADDRESSES";

/** Placeholder subnet per plan network key. */
export type Placeholders = ReadonlyMap<string, string>;

/** Reads the subnet the engine picked for each of the plan's networks. */
export async function readPlaceholders(docker: Docker, plan: LabPlan): Promise<Placeholders> {
  const pairs = await Promise.all(
    plan.networks.map(async (n) => {
      const subnet = (await docker.getNetwork(n.name).inspect()).IPAM?.Config?.[0]?.Subnet as string | undefined;
      if (!subnet) throw new Error(`network ${n.name} has no subnet from the engine; \`coreos-infra lab down\` and up again`);
      return [n.key, subnet] as const;
    }),
  );
  return new Map(pairs);
}

/** A locally administered MAC address from an IPv4 address: 02:42 and its four bytes. */
export function macOf(address: string): string {
  return ["02", "42", ...address.split(".").map((b) => Number(b).toString(16).padStart(2, "0"))].join(":");
}

/** What the container's interfaces must carry, as the variable's value. */
export function addressPairs(c: PlanContainer, plan: LabPlan, placeholders: Placeholders): string {
  return c.networks
    .map((n) => {
      const placeholder = placeholders.get(n.network);
      const network = plan.networks.find((x) => x.key === n.network);
      if (!placeholder || !network) throw new Error(`${c.name} is on network ${n.network}, which the lab did not make`);
      return `${placeholder}=${n.address}/${network.subnet.split("/")[1]}=${macOf(n.address)}`;
    })
    .join(" ");
}

// Runs as the container's first process: for each triple, the interface
// that holds an address in the placeholder subnet drops its IPv4 addresses
// and takes the site's address and MAC; then the container's own command
// replaces the shell.
const TAKE_ADDRESSES = [
  "set -e",
  `for triple in $${ADDRESSES_ENV}; do`,
  '  placeholder=${triple%%=*}; rest=${triple#*=}; address=${rest%%=*}; mac=${rest#*=}',
  '  dev=$(ip -o -4 addr show to "$placeholder" | awk \'{ print $2; exit }\')',
  '  if [ -z "$dev" ]; then echo "no interface holds an address in $placeholder (for $address)" >&2; exit 1; fi',
  '  ip -4 addr flush dev "$dev"',
  '  ip link set dev "$dev" address "$mac"',
  '  ip addr add "$address" dev "$dev"',
  "done",
  "set +e",
  'exec "$@"',
].join("\n");

/** The container's command behind the shell that first gives it the site's addresses. */
export function withSiteAddresses(c: PlanContainer): string[] {
  if (c.command.length === 0) throw new Error(`${c.name} owns a namespace but has no command to run after taking its addresses`);
  return ["sh", "-c", TAKE_ADDRESSES, "take-addresses", ...c.command];
}

/**
 * Waits until the container holds every site address of its plan. Services
 * that join its namespace bind to those addresses (CoreDNS, Kea's control
 * agent), so they start only then; a busy machine can take a while to run
 * the first lines of the container's shell.
 */
export async function untilAddressed(docker: Docker, c: PlanContainer, timeoutMs = 30_000): Promise<void> {
  const wanted = c.networks.map((n) => n.address);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await docker.getContainer(c.name).inspect();
    if (!info.State.Running) {
      const logs = await containerLogs(docker, c.name, { tail: 20 }).catch(() => "");
      throw new Error(`${c.name} stopped before taking its addresses (${wanted.join(", ")})${logs.trim() ? `:\n${logs.trim()}` : ""}`);
    }
    const held = (await execIn(docker, c.name, ["ip", "-o", "-4", "addr", "show"])).stdout;
    if (wanted.every((a) => held.includes(` ${a}/`))) return;
    if (Date.now() > deadline) throw new Error(`${c.name} did not take its addresses (${wanted.join(", ")}) within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
