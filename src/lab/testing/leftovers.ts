// What a lab may leave behind, looked up the way an administrator would:
// engine objects carrying the lab's label, firewall rules naming it or its
// bridges, the bridges themselves, its directory, and processes still living
// in its network namespaces (probe agents entered with nsenter included).
import type Docker from "dockerode";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { access } from "node:fs/promises";
import { labDir } from "../lab-dir.ts";
import { LAB_LABEL } from "../labels.ts";

/** The lab's network namespaces while it runs, and when that was seen. */
export interface LabTraces {
  /** `net:[inode]` of every running lab container. */
  readonly namespaces: ReadonlySet<string>;
  /** PIDs of the lab's containers, which an nsenter command line names. */
  readonly pids: ReadonlySet<number>;
  /** Seconds since boot when the traces were taken. */
  readonly uptime: number;
}

function uptime(): number {
  return Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
}

/** Records the lab's namespaces; call it while the lab (or part of it) runs. */
export async function labTraces(docker: Docker, lab: string): Promise<LabTraces> {
  const containers = await docker.listContainers({ filters: JSON.stringify({ label: [`${LAB_LABEL}=${lab}`] }) });
  const namespaces = new Set<string>();
  const pids = new Set<number>();
  for (const c of containers) {
    try {
      const pid = (await docker.getContainer(c.Id).inspect()).State.Pid;
      if (!pid) continue;
      pids.add(pid);
      namespaces.add(readlinkSync(`/proc/${pid}/ns/net`));
    } catch {
      // Gone while we looked: nothing of it to trace.
    }
  }
  return { namespaces, pids, uptime: uptime() };
}

/** Several traces of the same lab, e.g. before and after more containers started. */
export function mergeTraces(a: LabTraces, b: LabTraces): LabTraces {
  return { namespaces: new Set([...a.namespaces, ...b.namespaces]), pids: new Set([...a.pids, ...b.pids]), uptime: Math.max(a.uptime, b.uptime) };
}

const TICKS_PER_SECOND = 100;

/**
 * Processes that were alive when the traces were taken and still sit in one
 * of the lab's namespaces or entered one with nsenter. Processes started
 * later are left out: the kernel reuses namespace inodes and PIDs.
 */
function leftoverProcesses(traces: LabTraces): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const started = Number(fields[19]) / TICKS_PER_SECOND;
      if (started > traces.uptime) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      const inNamespace = traces.namespaces.has(readlinkSync(`/proc/${entry}/ns/net`));
      const entered = [...traces.pids].some((pid) => cmdline.includes(`/proc/${pid}/ns/net`));
      if (inNamespace || entered) found.push(`process ${entry} (${cmdline || "?"}) ${inNamespace ? "in a lab network namespace" : "entering one"}`);
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

/** Everything of the lab still on the machine, described; empty when it left nothing. */
export async function leftoversOf(docker: Docker, lab: string, bridges: readonly string[], traces?: LabTraces): Promise<string[]> {
  const filters = JSON.stringify({ label: [`${LAB_LABEL}=${lab}`] });
  const left: string[] = [];
  for (const c of await docker.listContainers({ all: true, filters })) left.push(`container ${c.Names.join(",")} (${c.State})`);
  for (const n of await docker.listNetworks({ filters })) left.push(`network ${n.Name}`);
  for (const v of (await docker.listVolumes({ filters })).Volumes ?? []) left.push(`volume ${v.Name}`);
  const rules = execFileSync("iptables", ["-w", "5", "-S", "DOCKER-USER"], { encoding: "utf8" }).split("\n");
  for (const rule of rules) {
    if (rule.includes(`coreos-infra:${lab}`) || bridges.some((b) => new RegExp(`\\s${b}(\\s|$)`).test(rule))) left.push(`DOCKER-USER rule: ${rule}`);
  }
  for (const b of bridges) {
    if (await access(`/sys/class/net/${b}`).then(() => true, () => false)) left.push(`bridge ${b}`);
  }
  if (await access(labDir(lab)).then(() => true, () => false)) left.push(`lab directory ${labDir(lab)}`);
  if (traces) left.push(...leftoverProcesses(traces));
  return left;
}
