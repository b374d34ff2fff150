// The lab at a glance: each node with its role, deployment, addresses and the
// state of every service container, plus the shared parts.
import { formatIpv4 } from "../site/index.ts";
import type { Lab } from "./lab.ts";
import { haState } from "./readiness.ts";
import { LAB_LABEL } from "./labels.ts";

export interface ServiceStatus {
  readonly service: string;
  readonly container: string;
  readonly state: string;
}

export interface NodeStatus {
  readonly node: string;
  readonly role: string;
  readonly deployment: string;
  readonly rollback?: string;
  readonly power: string;
  readonly addresses: readonly string[];
  readonly partitioned: readonly string[];
  readonly skewSeconds: number;
  readonly ha?: string;
  readonly services: readonly ServiceStatus[];
}

export interface LabStatus {
  readonly lab: string;
  readonly site: string;
  readonly nodes: readonly NodeStatus[];
  readonly others: readonly ServiceStatus[];
}

export async function labStatus(lab: Lab): Promise<LabStatus> {
  const listed = await lab.docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${LAB_LABEL}=${lab.name}`] }) });
  const stateOf = (name: string) => listed.find((c) => c.Names.includes(`/${name}`))?.State ?? "absent";
  const nodes = await Promise.all(
    lab.site.nodes.map(async (node): Promise<NodeStatus> => {
      const s = lab.nodeState(node);
      const services = lab.nodeContainers(node).map((c) => ({ service: c.service ?? "namespace", container: c.name, state: stateOf(c.name) }));
      let ha: string | undefined;
      if (s.power === "on") ha = await haState(lab.checkContext(), node).catch(() => "unreachable");
      return {
        node: node.hostname,
        role: node.role,
        deployment: s.booted,
        ...(s.rollback ? { rollback: s.rollback } : {}),
        power: s.power,
        addresses: node.interfaces.map((i) => `${i.segment} ${formatIpv4(i.address)}`),
        partitioned: s.partitioned,
        skewSeconds: s.skewSeconds,
        ...(ha ? { ha } : {}),
        services,
      };
    }),
  );
  const others = lab.plan.containers
    .filter((c) => c.node === undefined)
    .map((c) => ({ service: c.role === "client" ? `client on ${c.segment}` : c.key, container: c.name, state: stateOf(c.name) }));
  return { lab: lab.name, site: lab.site.name, nodes, others };
}
