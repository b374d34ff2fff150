// Finds every object a lab made by its label and removes it: containers
// first (they hold the networks and volumes), then networks, then volumes.
// With no lab named, every lab on the engine goes (prune after a crash).
import type Docker from "dockerode";
import { readdir, rm } from "node:fs/promises";
import { closeBridges, labsWithRules } from "./bridge-rules.ts";
import { stopBuilding } from "./building.ts";
import { isNotFound } from "./engine.ts";
import { labDir, labsRoot } from "./lab-dir.ts";
import { LAB_LABEL, labFilter } from "./labels.ts";

export interface Removed {
  containers: number;
  networks: number;
  volumes: number;
  rules: number;
  labs: string[];
}

async function ignoreGone(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

export async function removeLabObjects(docker: Docker, lab?: string): Promise<Omit<Removed, "rules">> {
  const filters = JSON.stringify(labFilter(lab));
  const labs = new Set<string>();
  const containers = await docker.listContainers({ all: true, filters });
  // Joined service containers go before the namespaces they live in.
  const order = (c: Docker.ContainerInfo) => (c.HostConfig.NetworkMode.startsWith("container:") ? 0 : 1);
  containers.sort((a, b) => order(a) - order(b));
  for (const c of containers) labs.add(c.Labels[LAB_LABEL] ?? "");
  await Promise.all(containers.filter((c) => order(c) === 0).map((c) => ignoreGone(docker.getContainer(c.Id).remove({ force: true }))));
  await Promise.all(containers.filter((c) => order(c) === 1).map((c) => ignoreGone(docker.getContainer(c.Id).remove({ force: true }))));
  const networks = await docker.listNetworks({ filters });
  for (const n of networks) labs.add(n.Labels?.[LAB_LABEL] ?? "");
  await Promise.all(networks.map((n) => ignoreGone(docker.getNetwork(n.Id).remove())));
  const { Volumes: volumes } = await docker.listVolumes({ filters });
  for (const v of volumes ?? []) labs.add(v.Labels?.[LAB_LABEL] ?? "");
  await Promise.all((volumes ?? []).map((v) => ignoreGone(docker.getVolume(v.Name).remove({ force: true }))));
  labs.delete("");
  return { containers: containers.length, networks: networks.length, volumes: volumes?.length ?? 0, labs: [...labs].sort() };
}

/** Removes everything of one lab or of all labs: engine objects, bridge rules and lab directories. */
export async function pruneLabs(docker: Docker, lab?: string): Promise<Removed> {
  // A lab this process is still building would go on making objects behind the removal.
  await stopBuilding(lab);
  const ruled = await labsWithRules();
  const removed = await removeLabObjects(docker, lab);
  const rules = await closeBridges(lab);
  const labs = new Set([...removed.labs, ...(lab === undefined ? ruled : ruled.filter((l) => l === lab))]);
  if (lab !== undefined) labs.add(lab);
  else for (const dir of await readdir(labsRoot()).catch(() => [])) labs.add(dir);
  for (const l of labs) await rm(labDir(l), { recursive: true, force: true });
  return { ...removed, rules, labs: [...labs].sort() };
}
