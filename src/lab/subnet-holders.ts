// Before a lab makes its networks: who else on the engine holds the site's
// subnets? The engine refuses a second network on an overlapping subnet, so a
// lab left behind by a run that never reached `lab down` (an engine restart, a
// machine that went away mid-run) would block every later lab of the same
// site. Such a lab is dead (none of its containers runs) and is removed here;
// a live lab or a network that is not a lab's is named in one clear error.
import type Docker from "dockerode";
import { overlaps, parseCidr } from "../site/index.ts";
import type { Cidr } from "../site/index.ts";
import type { PlanNetwork } from "../synth/index.ts";
import { pruneLabs } from "./cleanup.ts";
import { LAB_LABEL, labFilter } from "./labels.ts";

interface SubnetHolder {
  readonly network: string;
  readonly subnet: string;
  /** The lab that made the network, when a lab did. */
  readonly lab?: string;
  /** The plan network that wants an overlapping subnet. */
  readonly wanted: PlanNetwork;
}

/** Engine networks (not this lab's) whose subnets overlap the plan's. */
async function subnetHolders(docker: Docker, lab: string, networks: readonly PlanNetwork[]): Promise<SubnetHolder[]> {
  const wanted = networks.map((n) => ({ n, cidr: parseCidr(n.subnet) })).filter((w): w is { n: PlanNetwork; cidr: Cidr } => w.cidr !== undefined);
  const holders: SubnetHolder[] = [];
  for (const info of await docker.listNetworks()) {
    const owner = info.Labels?.[LAB_LABEL];
    if (owner === lab) continue;
    for (const config of info.IPAM?.Config ?? []) {
      const cidr = parseCidr(config.Subnet ?? "");
      const clash = cidr && wanted.find((w) => overlaps(w.cidr, cidr));
      if (clash) holders.push({ network: info.Name, subnet: config.Subnet!, wanted: clash.n, ...(owner ? { lab: owner } : {}) });
    }
  }
  return holders.sort((a, b) => a.network.localeCompare(b.network));
}

/** Labs with at least one container running. */
async function runningLabs(docker: Docker): Promise<Set<string>> {
  const running = await docker.listContainers({ filters: JSON.stringify({ ...labFilter(), status: ["running"] }) });
  return new Set(running.map((c) => c.Labels[LAB_LABEL] ?? ""));
}

function describe(h: SubnetHolder): string {
  const what = `${h.wanted.name} needs ${h.wanted.subnet}, but network ${h.network} holds ${h.subnet}`;
  return h.lab === undefined
    ? `${what} and belongs to no coreos-infra lab; remove that network (docker network rm ${h.network}) or give the site other subnets`
    : `${what} for lab ${h.lab}, which is running; take it down first (coreos-infra lab down --name ${h.lab})`;
}

/**
 * Removes dead labs that hold the plan's subnets and fails, naming each one,
 * when a live lab or a foreign network does.
 */
export async function clearSubnets(
  docker: Docker,
  lab: string,
  networks: readonly PlanNetwork[],
  say: (message: string) => void,
): Promise<void> {
  const holders = await subnetHolders(docker, lab, networks);
  if (holders.length === 0) return;
  const running = await runningLabs(docker);
  const isDead = (h: SubnetHolder) => h.lab !== undefined && !running.has(h.lab);
  const blocking = holders.filter((h) => !isDead(h));
  for (const l of [...new Set(holders.filter(isDead).map((h) => h.lab!))].sort()) {
    say(`lab ${l} was left behind by an earlier run (none of its containers runs) and holds this site's subnets; removing it`);
    await pruneLabs(docker, l);
  }
  if (blocking.length > 0) throw new Error(`the engine already has networks on this site's subnets:\n  ${blocking.map(describe).join("\n  ")}`);
}
