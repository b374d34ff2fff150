// The service checks an upgraded (or rolled back) node must pass, against
// the site its booted deployment declares: every record answered as the
// site says, names outside the site forwarded, synchronised time served,
// Kea HA back in its normal state, and a new client's lease carrying the
// lease time of the deployment that served it.
import { haState } from "../lab/index.ts";
import type { Lab, LabProbes } from "../lab/index.ts";
import type { NtpResult } from "../probe/index.ts";
import { formatIpv4 } from "../site/index.ts";
import type { Node } from "../site/index.ts";
import { UPSTREAM_ZONE } from "../synth/lab/support-files.ts";
import { TIME_CLIENT } from "./client-models.ts";
import { AGENT_SLACK_MS, leaseAndRelease, freshMacs } from "./continuous-probes.ts";
import type { DeploymentChanges } from "./deployment-changes.ts";
import { ask, mismatches } from "./dns-checks.ts";
import { expectedRrsets } from "./dns-expectations.ts";
import { nameOfAddress } from "./failover-run.ts";

export interface ServiceCheckReport {
  readonly node: string;
  readonly deployment: string;
  readonly passed: readonly string[];
  readonly problems: readonly string[];
  /** Why names outside the site were not forwarded, when they were not. */
  readonly forwarding?: string;
}

export async function serviceChecks(lab: Lab, probes: LabProbes, node: Node, options: { changes?: DeploymentChanges } = {}): Promise<ServiceCheckReport> {
  const deployment = lab.nodeState(node).booted;
  const site = lab.deploymentSite(deployment);
  const from = node.interfaces[0]!.segment;
  const passed: string[] = [];
  const problems: string[] = [];

  const sets = expectedRrsets(site);
  const wrong = mismatches(await Promise.all(sets.map((set) => ask(probes, from, node, set.name, set.type, set))));
  if (wrong.length === 0) passed.push(`DNS: all ${sets.length} record sets of deployment ${deployment} answered as it declares`);
  else problems.push(...wrong.map((w) => `DNS: ${w}`));

  for (const gone of options.changes?.dropped ?? []) {
    const a = await ask(probes, from, node, gone.name, gone.type);
    const still = a.result?.answers.some((x) => x.type === gone.type) ?? false;
    if (still) problems.push(`DNS: ${gone.name} ${gone.type} is still answered, though deployment ${deployment} drops it`);
    else passed.push(`DNS: ${gone.name} ${gone.type} no longer answered`);
  }

  let forwarding: string | undefined;
  if (site.dns.forwarders.length > 0) {
    const outside = UPSTREAM_ZONE.records[0];
    const a = await ask(probes, from, node, `${outside.name}.`, outside.type);
    const got = a.result?.answers.filter((x) => x.type === outside.type).map((x) => x.data) ?? [];
    if (a.result?.rcode === "NOERROR" && got.includes(outside.value)) passed.push(`DNS: forwards names outside the site (${outside.name} ${outside.type} ${outside.value})`);
    else {
      forwarding = `${outside.name} ${outside.type}: ${a.error ? `no answer (${a.error})` : a.result!.rcode !== "NOERROR" ? a.result!.rcode : `answered ${got.join(", ") || "nothing"}`}`;
      problems.push(`DNS: ${node.hostname} does not forward names outside the site: ${forwarding}`);
    }
  }

  const agent = await probes.on(from);
  const address = formatIpv4(node.interfaces[0]!.address);
  try {
    const t = await agent.request<NtpResult>("ntp", { server: address, timeoutMs: TIME_CLIENT.pollTimeoutMs }, TIME_CLIENT.pollTimeoutMs + AGENT_SLACK_MS);
    if (t.synchronized) passed.push(`NTP: serves synchronised time (stratum ${t.stratum})`);
    else problems.push(`NTP: ${node.hostname} serves time it does not trust (stratum ${t.stratum}, leap ${t.leap})`);
  } catch (error) {
    problems.push(`NTP: ${node.hostname} serves no time: ${(error as Error).message}`);
  }

  const ha = await haState(lab.checkContext(), node).catch((e: unknown) => `unknown (${(e as Error).message})`);
  if (ha === "hot-standby") passed.push("DHCP: Kea HA in hot-standby");
  else problems.push(`DHCP: Kea HA on ${node.hostname} is ${ha}, not hot-standby`);

  if (site.segments.find((s) => s.name === from)?.dhcp) {
    const nameOf = nameOfAddress(lab.site);
    const lease = await leaseAndRelease(agent, freshMacs()(), { giveUpMs: 30_000, nameOf }).catch((e: unknown) => (e as Error).message);
    if (typeof lease === "string" || lease.outcome !== "bound") problems.push(`DHCP: a new client on ${from} got no lease: ${typeof lease === "string" ? lease : lease.outcome}`);
    else {
      // The lease comes from whichever node serves; its lease time is the one that node's deployment declares.
      const server = lab.node(lease.server!);
      const serverDeployment = lab.nodeState(server).booted;
      const want = lab.deploymentSite(serverDeployment).segments.find((s) => s.name === from)?.dhcp?.leaseTime;
      if (lease.leaseTime === want) passed.push(`DHCP: a new client on ${from} got ${lease.address} from ${lease.server} for ${want} s, the lease time of deployment ${serverDeployment}`);
      else problems.push(`DHCP: a new client on ${from} got ${lease.address} from ${lease.server} for ${lease.leaseTime ?? "no"} s; deployment ${serverDeployment} declares ${want} s`);
    }
  }
  return { node: node.hostname, deployment, passed, problems, ...(forwarding ? { forwarding } : {}) };
}
