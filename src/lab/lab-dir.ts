// Where a running lab keeps its files: the artifacts of each deployment its
// nodes booted and the nodes' deployment history. Removed by `lab down`.
import { homedir } from "node:os";
import { join } from "node:path";

export function labsRoot(): string {
  const state = process.env.XDG_STATE_HOME ?? join(homedir(), ".local", "state");
  return join(state, "coreos-infra", "labs");
}

export function labDir(lab: string): string {
  return join(labsRoot(), lab);
}

export function deploymentDir(lab: string, deployment: string): string {
  return join(labDir(lab), "deployments", deployment);
}
