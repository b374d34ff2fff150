// What a candidate deployment changes compared with the site as written,
// from the two site models: the records it adds, changes or drops, its
// forwarders, its lease times, its OS version. The upgrade scenarios check
// exactly these on a node that boots the candidate.
import { formatIpv4 } from "../site/index.ts";
import type { Deployment, Site } from "../site/index.ts";
import { expectedRrsets } from "./dns-expectations.ts";
import type { ExpectedRrset } from "./dns-expectations.ts";

export interface DeploymentChanges {
  readonly deployment: string;
  /** Rrsets the candidate answers that the site as written does not, or answers differently. */
  readonly records: readonly { readonly rrset: ExpectedRrset; readonly was?: readonly string[] }[];
  /** Names the site as written answers that the candidate no longer does. */
  readonly dropped: readonly ExpectedRrset[];
  readonly forwarders?: { readonly from: readonly string[]; readonly to: readonly string[] };
  readonly leaseTimes: readonly { readonly segment: string; readonly from: number; readonly to: number }[];
  readonly os?: { readonly from?: string; readonly to?: string };
}

const key = (r: ExpectedRrset): string => `${r.name} ${r.type}`;

export function deploymentChanges(base: Site, candidate: Deployment): DeploymentChanges {
  const site = candidate.site;
  const before = new Map(expectedRrsets(base).map((r) => [key(r), r]));
  const after = expectedRrsets(site);
  const records = after.flatMap((r) => {
    const old = before.get(key(r));
    if (!old) return [{ rrset: r }];
    return old.data.join("|") === r.data.join("|") ? [] : [{ rrset: r, was: old.data }];
  });
  const kept = new Set(after.map(key));
  const dropped = [...before.values()].filter((r) => !kept.has(key(r)));
  const from = base.dns.forwarders.map(formatIpv4);
  const to = site.dns.forwarders.map(formatIpv4);
  const leaseTimes = site.segments.flatMap((s) => {
    const was = base.segments.find((b) => b.name === s.name)?.dhcp?.leaseTime;
    const now = s.dhcp?.leaseTime;
    return was !== undefined && now !== undefined && was !== now ? [{ segment: s.name, from: was, to: now }] : [];
  });
  return {
    deployment: candidate.name,
    records,
    dropped,
    ...(from.join() !== to.join() ? { forwarders: { from, to } } : {}),
    leaseTimes,
    ...(base.os.version !== site.os.version ? { os: { ...(base.os.version ? { from: base.os.version } : {}), ...(site.os.version ? { to: site.os.version } : {}) } } : {}),
  };
}

/** The changes in words, one line each, for the report. */
export function describeChanges(c: DeploymentChanges): string[] {
  return [
    ...(c.os ? [`OS ${c.os.from ?? "(stream default)"} → ${c.os.to ?? "(stream default)"}`] : []),
    ...c.records.map((r) => `${r.rrset.name} ${r.rrset.type} ${r.rrset.data.join(", ")}${r.was ? ` (was ${r.was.join(", ")})` : " (new)"}`),
    ...c.dropped.map((r) => `${r.name} ${r.type} (dropped)`),
    ...(c.forwarders ? [`forwarders ${c.forwarders.from.join(", ") || "none"} → ${c.forwarders.to.join(", ") || "none"}`] : []),
    ...c.leaseTimes.map((l) => `lease time on ${l.segment} ${l.from} s → ${l.to} s`),
  ];
}

/** A candidate that keeps forwarding as the site does (the one upgrades are tried with), or undefined. */
export function goodCandidate(site: Site): Deployment | undefined {
  return site.deployments.find((d) => !breaksForwarding(site, d));
}

/** A candidate that sends names outside the site somewhere else than the site does, or undefined. */
export function forwardingBreaker(site: Site): Deployment | undefined {
  return site.deployments.find((d) => breaksForwarding(site, d));
}

/** The same test as the @needs-broken-candidate applicability tag. */
export function breaksForwarding(site: Site, d: Deployment): boolean {
  return d.site.dns.forwarders.join() !== site.dns.forwarders.join();
}
