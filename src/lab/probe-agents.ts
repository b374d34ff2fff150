// Probe agents inside the lab's clients: each runs in a client container's
// network namespace, so a probe's packets leave from that segment as a real
// host's would (relayed segments included). One agent per client, started on
// first use; closing stdin ends them, so a crashed harness leaves none.
import { startAgent } from "../probe/index.ts";
import type { ProbeAgent } from "../probe/index.ts";
import { pidOf } from "./exec.ts";
import type { Lab } from "./lab.ts";

export class LabProbes implements AsyncDisposable {
  readonly #lab: Lab;
  readonly #agents = new Map<string, Promise<ProbeAgent>>();

  constructor(lab: Lab) {
    this.#lab = lab;
  }

  /** The client container for a segment name, "outsider", or a container key. */
  clientKey(where: string): string {
    const plan = this.#lab.plan;
    if (plan.containers.some((c) => c.key === where && c.role === "client")) return where;
    const client = plan.containers.find((c) => c.role === "client" && c.segment === where);
    if (client) return client.key;
    const options = plan.containers.filter((c) => c.role === "client").map((c) => (c.key === "outsider" ? "outsider" : c.segment!));
    throw new Error(`the lab has no client on "${where}"; clients sit on: ${options.join(", ")}`);
  }

  async on(where: string): Promise<ProbeAgent> {
    const key = this.clientKey(where);
    let agent = this.#agents.get(key);
    if (!agent) {
      agent = (async () => startAgent({ netnsPid: await pidOf(this.#lab.docker, this.#lab.containerName(key)) }, { label: key }))();
      this.#agents.set(key, agent);
      agent.catch(() => this.#agents.delete(key));
    }
    return agent;
  }

  async close(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    await Promise.all(agents.map(async (a) => (await a.catch(() => undefined))?.close()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
