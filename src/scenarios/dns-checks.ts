// DNS checks the scenarios run: ask the nodes, from clients on the site's
// segments, for what the site defines, and say what differs from the model.
import type { LabProbes } from "../lab/index.ts";
import { execIn } from "../lab/index.ts";
import type { Lab } from "../lab/index.ts";
import type { DnsResult } from "../probe/index.ts";
import { formatIpv4 } from "../site/index.ts";
import type { Node, Site } from "../site/index.ts";
import { compareRrset, expectedRrsets } from "./dns-expectations.ts";
import type { ExpectedRrset } from "./dns-expectations.ts";

export interface DnsAsk {
  readonly from: string;
  readonly node: Node;
  readonly name: string;
  readonly type: string;
  readonly expected?: ExpectedRrset;
  readonly result?: DnsResult;
  readonly error?: string;
}

/** Segments whose clients the pair answers (allow-query), or those it refuses. */
export function segmentsThat(site: Site, may: boolean): string[] {
  return site.segments.filter((s) => site.dns.allowQuery.some((a) => a.segment === s.name) === may).map((s) => s.name);
}

export async function ask(probes: LabProbes, from: string, node: Node, name: string, type: string, expected?: ExpectedRrset): Promise<DnsAsk> {
  const server = formatIpv4(node.interfaces[0]!.address);
  try {
    const agent = await probes.on(from);
    const result = await agent.request<DnsResult>("dns", { server, name, type, transport: "udp", timeoutMs: 2000 }, 6000);
    return { from, node, name, type, ...(expected ? { expected } : {}), result };
  } catch (error) {
    return { from, node, name, type, ...(expected ? { expected } : {}), error: (error as Error).message };
  }
}

/** Every rrset of the site's forward or reverse zones, asked of every node from every given segment. */
export async function askEveryRecord(probes: LabProbes, site: Site, segments: readonly string[], zones: "forward" | "reverse"): Promise<DnsAsk[]> {
  const reverse = new Set(site.dns.zones.filter((z) => z.reverse).map((z) => z.name));
  const sets = expectedRrsets(site).filter((s) => reverse.has(s.zone) === (zones === "reverse"));
  const asks: Promise<DnsAsk>[] = [];
  for (const from of segments) for (const node of site.nodes) for (const set of sets) asks.push(ask(probes, from, node, set.name, set.type, set));
  return Promise.all(asks);
}

function where(a: DnsAsk): string {
  return `${a.node.hostname} from ${a.from}, ${a.name} ${a.type}`;
}

/** Problems with the answers, compared with the site: empty when all match. */
export function mismatches(asks: readonly DnsAsk[]): string[] {
  return asks.flatMap((a) => {
    if (a.error) return [`${where(a)}: no answer (${a.error})`];
    if (a.result!.rcode !== "NOERROR") return [`${where(a)}: ${a.result!.rcode}`];
    const diff = a.expected ? compareRrset(a.expected, a.result!.answers) : undefined;
    return diff ? [`${a.node.hostname} from ${a.from}: ${diff}`] : [];
  });
}

export function rcodeProblems(asks: readonly DnsAsk[], rcode: string): string[] {
  return asks.flatMap((a) => (a.error ? [`${where(a)}: no answer (${a.error})`] : a.result!.rcode !== rcode ? [`${where(a)}: ${a.result!.rcode}, not ${rcode}`] : []));
}

export function flagProblems(asks: readonly DnsAsk[], flag: "aa" | "ra", wanted: boolean): string[] {
  return asks.flatMap((a) => (a.result && a.result.flags[flag] !== wanted ? [`${where(a)}: ${flag.toUpperCase()} is ${a.result.flags[flag] ? "set" : "clear"}`] : []));
}

/**
 * The same questions asked with dig from the same client containers: an
 * independent resolver library must see the very answers our probe saw.
 */
export async function digDisagreements(lab: Lab, asks: readonly DnsAsk[]): Promise<string[]> {
  const out: string[] = [];
  for (const a of asks) {
    if (!a.result) continue;
    const client = lab.containerName(lab.plan.containers.find((c) => c.role === "client" && (c.segment === a.from || c.key === a.from))!.key);
    const r = await execIn(lab.docker, client, ["dig", "+time=2", "+tries=1", "+noall", "+answer", `@${a.result.server}`, a.name, a.type]);
    const dig = r.stdout
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith(";"))
      .map((l) => l.split(/\s+/).slice(4).join(" ").toLowerCase())
      .sort();
    const ours = a.result.answers.filter((x) => x.type === a.type).map((x) => x.data.replace(/\s+/g, " ").toLowerCase()).sort();
    if (dig.join("|") !== ours.join("|")) out.push(`${where(a)}: dig says [${dig.join(", ")}], the probe said [${ours.join(", ")}]`);
  }
  return out;
}
