// Which lab a command means: the one named, or the only one that is up.
import type Docker from "dockerode";
import { LAB_LABEL } from "../lab/labels.ts";
import { UsageError } from "./errors.ts";

export async function runningLabs(docker: Docker): Promise<string[]> {
  const containers = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [LAB_LABEL] }) });
  return [...new Set(containers.map((c) => c.Labels[LAB_LABEL]!))].sort();
}

export async function resolveLab(docker: Docker, name: string | undefined): Promise<string> {
  if (name) return name;
  const labs = await runningLabs(docker);
  if (labs.length === 1) return labs[0]!;
  if (labs.length === 0) throw new UsageError("no lab is up", "start one with `coreos-infra lab up SITE`");
  throw new UsageError(`${labs.length} labs are up (${labs.join(", ")})`, "say which with --name LAB");
}
