// What scenarios share for a whole run: the lab (attached by name) and the
// probe agents in its clients. Scenarios that change the lab leave it to be
// restored before the next one, so quiet scenarios share one lab and every
// scenario starts from the site as written.
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import { Lab, LabProbes, containerLogs, engine } from "../lab/index.ts";
import type { Node } from "../site/index.ts";
import { untilUpstreamSync } from "./ntp-checks.ts";

export interface ScenarioRow {
  readonly feature: string;
  readonly scenario: string;
  readonly status: string;
  readonly durationMs: number;
  /** When it began (epoch ms): with labs side by side, scenarios overlap. */
  readonly startedAt: number;
  /** Where it is written (feature file, line): the order reports list scenarios in. */
  readonly uri: string;
  readonly line: number;
  /** The lab it ran on. */
  readonly lab: string;
  /** Measured outages: what was probed, the longest gap and the bound it was held to. */
  readonly outages: readonly { readonly what: string; readonly outageMs: number; readonly boundMs?: number }[];
}

export class ScenarioSession {
  readonly lab: Lab;
  readonly probes: LabProbes;
  readonly reportsDir: string;

  private constructor(lab: Lab, reportsDir: string) {
    this.lab = lab;
    this.probes = new LabProbes(lab);
    this.reportsDir = reportsDir;
  }

  static async attach(labName: string, reportsDir: string): Promise<ScenarioSession> {
    return new ScenarioSession(await Lab.attach(labName, engine()), reportsDir);
  }

  /** Brings the lab back to the site as written if a scenario changed it, and waits until it serves. */
  async prepare(say: (text: string) => void = () => {}): Promise<void> {
    // Stopped stand-ins (an upstream that "disappeared") come back first.
    const restored = await this.lab.restoreSharedContainers((step, detail) => say(`${step}: ${detail ?? ""}`));
    if (this.lab.isPristine() && restored.length === 0) return;
    await this.probes.close();
    await this.lab.restore((step, detail) => say(`${step}: ${detail ?? ""}`));
    await this.lab.waitUntilReady({ timeoutMs: 180_000 });
    // Serving time is not enough: the nodes take it from the upstreams again, as in a fresh lab.
    if (restored.length > 0) await untilUpstreamSync(this.lab);
  }

  /** The last lines each service of the nodes logged: what a failed scenario's report carries. */
  async serviceLogs(nodes: readonly Node[] = this.lab.site.nodes, lines = 60): Promise<string> {
    const parts: string[] = [];
    for (const node of nodes) {
      for (const c of this.lab.nodeContainers(node).filter((x) => x.service)) {
        try {
          parts.push(`==> ${node.hostname} ${c.service} <==\n${await containerLogs(this.lab.docker, c.name, { tail: lines })}`);
        } catch (error) {
          parts.push(`==> ${node.hostname} ${c.service} <==\n(no logs: ${(error as Error).message})`);
        }
      }
    }
    return parts.join("\n");
  }

  async record(row: ScenarioRow): Promise<void> {
    await appendFile(join(this.reportsDir, "scenarios.jsonl"), `${JSON.stringify(row)}\n`);
  }

  async close(): Promise<void> {
    await this.probes.close();
  }
}
