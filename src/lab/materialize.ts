// Turns the lab plan into engine objects: internal networks, volumes and
// containers, every one labelled with the lab's name. The networks carry
// subnets the engine picks; containers take the site's addresses themselves
// (see addressing.ts).
import type Docker from "dockerode";
import { join } from "node:path";
import type { LabPlan, PlanContainer, PlanNetwork } from "../synth/index.ts";
import { isNotFound, isNotModified } from "./engine.ts";
import { ADDRESSES_ENV, addressPairs, withSiteAddresses } from "./addressing.ts";
import type { Placeholders } from "./addressing.ts";
import { DEPLOYMENT_LABEL, LAB_DIR_LABEL } from "./labels.ts";

export async function createNetwork(docker: Docker, plan: LabPlan, n: PlanNetwork): Promise<void> {
  try {
    await docker.createNetwork({
      Name: n.name,
      Driver: "bridge",
      // No route off the machine: the lab's packets stay in the lab.
      Internal: true,
      CheckDuplicate: true,
      // The host takes no address on the bridge: no route from the machine into
      // the lab or out of it. The subnet is the engine's choice, a placeholder
      // the containers trade for the site's (addressing.ts), so the site's
      // subnets never clash with the machine's networks or another lab's.
      Options: { "com.docker.network.bridge.name": n.bridge, "com.docker.network.bridge.inhibit_ipv4": "true" },
      Labels: { ...plan.labels, "io.coreos-infra.subnet": n.subnet, ...(n.segment ? { "io.coreos-infra.segment": n.segment } : { "io.coreos-infra.uplink": n.key }) },
    });
  } catch (error) {
    const text = String((error as Error).message);
    const hint = /available|exhausted|pool/i.test(text)
      ? "the engine has no free subnet left for another network; remove networks no longer used (`coreos-infra lab prune` removes stale labs)"
      : "see the engine's message";
    throw new Error(`cannot create network ${n.name} (the site's ${n.subnet}): ${hint}`, { cause: error });
  }
}

export async function createVolume(docker: Docker, plan: LabPlan, name: string): Promise<void> {
  await docker.createVolume({ Name: name, Labels: { ...plan.labels } });
}

export async function recreateVolume(docker: Docker, plan: LabPlan, name: string): Promise<void> {
  try {
    await docker.getVolume(name).remove({ force: true });
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await createVolume(docker, plan, name);
}

export interface ContainerContext {
  /** Directory the plan's relative bind sources resolve against (a deployment's artifacts). */
  readonly root: string;
  readonly labDir: string;
  readonly deployment: string;
  /** Extra environment per container key (clock skew). */
  readonly environment?: Readonly<Record<string, string>>;
  /** The subnets the engine picked for the lab's networks. */
  readonly placeholders: Placeholders;
}

export async function createContainer(docker: Docker, plan: LabPlan, c: PlanContainer, ctx: ContainerContext): Promise<void> {
  const first = c.networks[0];
  const networkName = (key: string) => plan.networks.find((n) => n.key === key)!.name;
  const ownsNamespace = first !== undefined && !c.joins;
  const env = { ...c.environment, ...ctx.environment, ...(ownsNamespace ? { [ADDRESSES_ENV]: addressPairs(c, plan, ctx.placeholders) } : {}) };
  const command = ownsNamespace ? withSiteAddresses(c) : c.command;
  const created = await docker.createContainer({
    name: c.name,
    Image: c.image,
    ...(c.hostname && !c.joins ? { Hostname: c.hostname } : {}),
    ...(command.length > 0 ? { Cmd: [...command] } : {}),
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...c.labels, [LAB_DIR_LABEL]: ctx.labDir, [DEPLOYMENT_LABEL]: ctx.deployment },
    StopTimeout: 5,
    HostConfig: {
      NetworkMode: c.joins ? `container:${plan.containers.find((x) => x.key === c.joins)!.name}` : first ? networkName(first.network) : "none",
      Mounts: c.mounts.map((m) =>
        m.type === "bind"
          ? { Type: "bind" as const, Source: join(ctx.root, m.source), Target: m.target, ReadOnly: m.readOnly }
          : { Type: "volume" as const, Source: m.source, Target: m.target, ReadOnly: m.readOnly },
      ),
      CapAdd: [...c.capabilities],
      ...(Object.keys(c.sysctls).length > 0 && !c.joins ? { Sysctls: { ...c.sysctls } } : {}),
      RestartPolicy: { Name: "no" },
    },
  });
  for (const n of c.networks.slice(1)) await docker.getNetwork(networkName(n.network)).connect({ Container: created.id });
}

export async function startContainer(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getContainer(name).start();
  } catch (error) {
    if (isNotModified(error)) return;
    throw new Error(`cannot start ${name}: ${(error as Error).message}`, { cause: error });
  }
}

export async function stopContainer(docker: Docker, name: string, seconds = 5): Promise<void> {
  try {
    await docker.getContainer(name).stop({ t: seconds });
  } catch (error) {
    if (isNotModified(error) || isNotFound(error)) return;
    throw error;
  }
}

export async function killContainer(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getContainer(name).kill({ signal: "SIGKILL" });
  } catch (error) {
    // 409: not running; 404: gone. Either way it is down.
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 409 || isNotFound(error)) return;
    throw error;
  }
}

export async function removeContainer(docker: Docker, name: string): Promise<void> {
  try {
    await docker.getContainer(name).remove({ force: true, v: false });
  } catch (error) {
    if (!isNotFound(error) && (error as { statusCode?: number }).statusCode !== 409) throw error;
  }
}
