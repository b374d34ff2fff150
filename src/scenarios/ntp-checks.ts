// NTP checks the scenarios run: ask the nodes for the time from clients on
// the site's segments (and from the outsider), read what chronyd on each node
// says about its sources, and change the lab the way an outage would: the
// upstream servers vanish, a node's time service restarts.
import type { Lab, LabProbes } from "../lab/index.ts";
import { execIn } from "../lab/index.ts";
import type { NtpResult } from "../probe/index.ts";
import { formatIpv4 } from "../site/index.ts";
import type { Node, Segment, Site } from "../site/index.ts";
import { expectedSources, maxPollMs, parseChronySources, reachLossBoundMs, sourceProblems, timeAddress } from "./ntp-expectations.ts";
import type { ChronySource, NtpAsk } from "./ntp-expectations.ts";
import { within } from "./within.ts";

/** What the NTP steps asked and saw in one scenario. */
export interface NtpScenario {
  asks?: NtpAsk[];
  /** Stratum of each upstream server, by address, as a client sees it. */
  upstreamStrata?: Map<string, number>;
}

/** How long one question waits for an answer. */
const ASK_TIMEOUT_MS = 2000;

export async function askTime(probes: LabProbes, from: string, node: Node, server: string): Promise<NtpAsk> {
  try {
    const agent = await probes.on(from);
    const result = await agent.request<NtpResult>("ntp", { server, timeoutMs: ASK_TIMEOUT_MS }, ASK_TIMEOUT_MS + 3000);
    return { from, node, server, result };
  } catch (error) {
    const reason = (error as { reason?: string }).reason;
    return { from, node, server, error: (error as Error).message, ...(reason !== undefined ? { reason } : {}) };
  }
}

/** Every node asked from a client on each segment, at the address a client there uses. */
export async function askEachNode(probes: LabProbes, site: Site, segments: readonly Segment[]): Promise<NtpAsk[]> {
  return Promise.all(segments.flatMap((s) => site.nodes.map((n) => askTime(probes, s.name, n, timeAddress(n, s.name)))));
}

/** Every node asked from the host outside the site. */
export async function askFromOutsider(probes: LabProbes, site: Site): Promise<NtpAsk[]> {
  return Promise.all(site.nodes.map((n) => askTime(probes, "outsider", n, timeAddress(n))));
}

/** The stratum each upstream server serves, asked from a client on the given segment. */
export async function upstreamStrata(probes: LabProbes, site: Site, from: string): Promise<Map<string, number>> {
  const strata = new Map<string, number>();
  for (const u of site.ntp.upstreams.map(formatIpv4)) {
    const agent = await probes.on(from);
    const r = await agent.request<NtpResult>("ntp", { server: u, timeoutMs: ASK_TIMEOUT_MS }, ASK_TIMEOUT_MS + 3000);
    strata.set(u, r.stratum);
  }
  return strata;
}

/** What is wrong with answers that should come from an upstream server, one stratum below it. */
export function upstreamSyncProblems(asks: readonly NtpAsk[], strata: ReadonlyMap<string, number>): string[] {
  if (asks.length === 0) return ["nobody asked"];
  return asks.flatMap((a) => {
    const at = `${a.node.hostname} (${a.server}) from ${a.from}`;
    if (!a.result) return [`${at}: no time (${a.error})`];
    const r = a.result;
    const upstream = strata.get(r.referenceId);
    const out: string[] = [];
    if (upstream === undefined) out.push(`${at}: takes its time from ${r.referenceId}, not from an upstream (${[...strata.keys()].join(", ")})`);
    else if (r.stratum !== upstream + 1) out.push(`${at}: stratum ${r.stratum}, not ${upstream + 1} (one below ${r.referenceId} at ${upstream})`);
    if (r.leap !== "none" || !r.synchronized) out.push(`${at}: not synchronised (leap ${r.leap})`);
    return out;
  });
}

function ntpContainer(lab: Lab, node: Node): string {
  const c = lab.nodeContainers(node).find((x) => x.service === "ntp");
  if (!c) throw new Error(`${node.hostname} runs no time service in this lab`);
  return c.name;
}

/** The node's sources as its chronyd reports them (`chronyc -n -c sources`). */
export async function chronySources(lab: Lab, node: Node): Promise<ChronySource[]> {
  const r = await execIn(lab.docker, ntpContainer(lab, node), ["chronyc", "-n", "-c", "sources"]);
  if (r.exitCode !== 0) throw new Error(`chronyc sources on ${node.hostname} failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  return parseChronySources(r.stdout);
}

/** Problems with each node's view of its partner and upstreams: all listed and reachable, or (reachable false) every upstream unreachable. */
export async function sourcesProblems(lab: Lab, reachable: boolean): Promise<string[]> {
  const site = lab.site;
  const out = await Promise.all(
    site.nodes.map(async (n) => {
      const wanted = reachable ? expectedSources(site, n) : site.ntp.upstreams.map(formatIpv4);
      return sourceProblems(n.hostname, await chronySources(lab, n), wanted, reachable);
    }),
  );
  return out.flat();
}

/** The address of the reference each node's chronyd follows, and its stratum (`chronyc -n -c tracking`). */
export async function tracking(lab: Lab, node: Node): Promise<{ reference: string; stratum: number }> {
  const r = await execIn(lab.docker, ntpContainer(lab, node), ["chronyc", "-n", "-c", "tracking"]);
  const f = r.stdout.trim().split(",");
  if (r.exitCode !== 0 || f.length < 3) throw new Error(`chronyc tracking on ${node.hostname} failed: ${r.stderr.trim() || r.stdout.trim() || `exit ${r.exitCode}`}`);
  return { reference: f[1]!, stratum: Number(f[2]) };
}

/** Waits until every node follows one of the site's upstream servers again (after the lab brought them back). */
export async function untilUpstreamSync(lab: Lab): Promise<void> {
  const upstreams = new Set(lab.site.ntp.upstreams.map(formatIpv4));
  const bound = reachLossBoundMs(lab.site);
  const { problems } = await within(bound, async () => {
    const all = await Promise.all(lab.site.nodes.map(async (n) => ({ n, t: await tracking(lab, n) })));
    return all.filter((x) => !upstreams.has(x.t.reference)).map((x) => `${x.n.hostname} follows ${x.t.reference} at stratum ${x.t.stratum}`);
  });
  if (problems.length > 0) throw new Error(`the nodes did not take their time from an upstream server again within ${bound / 1000} s: ${problems.join("; ")}`);
}

/** The upstream NTP stand-ins' containers (their namespace holders). */
function upstreamStandIns(lab: Lab): string[] {
  const wanted = new Set(lab.site.ntp.upstreams.map(formatIpv4));
  return lab.plan.containers.filter((c) => c.role === "upstream" && wanted.has(c.labels["io.coreos-infra.address"] ?? "")).map((c) => c.name);
}

/**
 * Every upstream time server disappears: its stand-in stops, as a host that
 * lost power. The next scenario's preparation starts it again.
 */
export async function stopUpstreams(lab: Lab): Promise<string[]> {
  const names = upstreamStandIns(lab);
  if (names.length === 0) throw new Error(`lab ${lab.name} has no stand-in for the upstream servers ${lab.site.ntp.upstreams.map(formatIpv4).join(", ")}`);
  await Promise.all(names.map((n) => lab.docker.getContainer(n).stop({ t: 1 })));
  return names;
}

/** Whether a client reaches an address at all (ICMP echo): a silent NTP server is refusing, not cut off. */
export async function unreachableFrom(lab: Lab, probes: LabProbes, from: string, addresses: readonly string[]): Promise<string[]> {
  const client = lab.containerName(probes.clientKey(from));
  const out: string[] = [];
  for (const address of addresses) {
    const r = await execIn(lab.docker, client, ["ping", "-n", "-q", "-c", "1", "-W", "2", address]);
    if (r.exitCode !== 0) out.push(`${address} does not answer ping from ${from}`);
  }
  return out;
}

/** The bound a step named "within eight polls" holds the lab to, and the poll it comes from, for messages. */
export function pollWords(site: Site): string {
  return `${reachLossBoundMs(site) / 1000} s (polls of at most ${maxPollMs(site) / 1000} s)`;
}
