// What the lab remembers about each node between commands: the deployment
// it booted and the one it can roll back to (like `rpm-ostree status`),
// whether it is powered, which segments it is cut from, and its clock skew.
import { readFile, writeFile, rename } from "node:fs/promises";
import { join } from "node:path";

/** The deployment a lab starts from: the site as written. */
export const BASE_DEPLOYMENT = "base";

export interface NodeState {
  booted: string;
  rollback?: string;
  power: "on" | "off";
  partitioned: string[];
  skewSeconds: number;
}

export interface LabState {
  lab: string;
  site: string;
  sitePath: string;
  nodes: Record<string, NodeState>;
}

export function initialState(lab: string, site: string, sitePath: string, nodes: readonly string[]): LabState {
  return {
    lab,
    site,
    sitePath,
    nodes: Object.fromEntries(nodes.map((n) => [n, { booted: BASE_DEPLOYMENT, power: "on", partitioned: [], skewSeconds: 0 }])),
  };
}

export async function readState(dir: string): Promise<LabState> {
  return JSON.parse(await readFile(join(dir, "state.json"), "utf8")) as LabState;
}

/** Written through a rename so a crash mid-write never leaves half a file. */
export async function writeState(dir: string, state: LabState): Promise<void> {
  const path = join(dir, "state.json");
  await writeFile(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
