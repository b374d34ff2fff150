// The lab side of failover scenarios: start the continuous probes from a
// client on a segment (with Kea HA watched on both nodes), take a node away
// with marks on the timelines, probe until recovery is seen, and keep the
// timelines as files and report attachments.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { actions, haState } from "../lab/index.ts";
import type { Lab, LabProbes } from "../lab/index.ts";
import { formatIpv4 } from "../site/index.ts";
import type { Node, Site } from "../site/index.ts";
import { clientView } from "./client-models.ts";
import { AGENT_SLACK_MS, ContinuousProbes, PROBE_INTERVALS, wholeSchedule } from "./continuous-probes.ts";
import { DHCP_CLIENT, STUB_RESOLVER } from "./client-models.ts";
import { pairRecovered, recoverySeen } from "./failover-verdict.ts";
import { dhcpBounds } from "./outage-bounds.ts";
import type { HaTimers } from "./outage-bounds.ts";
import type { HaObserver, Lane, ProbeSnapshot, ProbeTimelines } from "./continuous-probes.ts";
import type { AwayWindow, FailoverCase, FailoverVerdict, PairVerdict } from "./failover-verdict.ts";
import type { ServiceCheckReport } from "./service-checks.ts";
import type { FailoverAction } from "./outage-bounds.ts";

const FAILOVER_ACTIONS: readonly FailoverAction[] = ["reboot", "crash", "poweroff", "partition"];

/**
 * How long a DHCP probe client may take before the harness stops waiting
 * for it: the longest wait any action's bound allows, plus the agent's
 * slack. A client still unserved then is a failure anyway.
 */
export function clientGiveUpMs(ha: HaTimers): number {
  const waits = FAILOVER_ACTIONS.flatMap((a) =>
    (["primary", "standby"] as const).map((role) => dhcpBounds(ha, a, role, { intervalMs: PROBE_INTERVALS.dhcp, retransmit: DHCP_CLIENT, exchangeMs: 0 }).clientWait?.ms ?? wholeSchedule(DHCP_CLIENT)),
  );
  return Math.max(...waits) + AGENT_SLACK_MS * 5;
}
import { probeChart } from "./timeline-chart.ts";

/** What a failover scenario keeps between its steps. */
export interface FailoverScenario {
  /** The scenario's name, for the timeline's file. */
  name?: string;
  probes?: ContinuousProbes;
  case?: FailoverCase;
  away?: AwayWindow;
  timelines?: ProbeTimelines;
  verdict?: FailoverVerdict;
  /** Nodes rebooted by planned actions (upgrade, rollback, clock change), by role. */
  rebooted?: ("primary" | "standby")[];
  /** The last service checks run. */
  checks?: ServiceCheckReport;
  pair?: PairVerdict;
}

/** Names an address as the site does: the hostname of the node that has it. */
export function nameOfAddress(site: Site): (address: string) => string {
  const names = new Map(site.nodes.flatMap((n) => n.interfaces.map((i) => [formatIpv4(i.address), n.hostname] as const)));
  return (address) => names.get(address) ?? address;
}

/** Kea HA's state on each node as the lab sees it: "off" for a node powered off, "unreachable" when its agent does not answer. */
export function haObserver(lab: Lab): HaObserver {
  return async () => {
    const states = await Promise.all(
      lab.site.nodes.map(async (n) => [n.hostname, lab.nodeState(n).power === "off" ? "off" : await haState(lab.checkContext(), n).catch(() => "unreachable")] as const),
    );
    return Object.fromEntries(states);
  };
}

const DEFAULT_LANES: readonly Lane[] = ["dns", "ntp", "dhcp"];

/**
 * Starts the continuous probes from the client on `segment` and waits until
 * each lane has been answered once with the pair whole (Kea HA in
 * hot-standby on both nodes): the baseline the action is measured from.
 */
export async function startProbing(lab: Lab, probes: LabProbes, segment: string, options: { lanes?: readonly Lane[]; dhcpGiveUpMs?: number } = {}): Promise<ContinuousProbes> {
  const lanes = options.lanes ?? DEFAULT_LANES;
  const view = clientView(lab.site, segment);
  if (lanes.includes("dhcp") && !view.dhcp) throw new Error(`segment ${segment} hands out no leases; the DHCP probe needs a segment with DHCP`);
  const cp = new ContinuousProbes({
    agent: await probes.on(segment),
    view,
    nameOf: nameOfAddress(lab.site),
    observeHa: haObserver(lab),
    dhcp: lanes.includes("dhcp"),
    ntp: lanes.includes("ntp"),
    ...(options.dhcpGiveUpMs !== undefined ? { dhcpGiveUpMs: options.dhcpGiveUpMs } : {}),
  });
  const whole = (s: ProbeSnapshot): boolean =>
    (s.lanes.ha ?? []).some((a) => a.ok && Object.values(a.detail as Record<string, string>).every((x) => x === "hot-standby")) &&
    lanes.every((l) => (s.lanes[l] ?? []).some((a) => a.ok));
  // A lab that was just made ready answers within a second or two; half a minute means it does not.
  if (!(await cp.until(whole, { timeoutMs: 30_000 }))) {
    const t = await cp.stop();
    const silent = lanes.filter((l) => !(t.lanes[l]?.attempts ?? []).some((a) => a.ok));
    throw new Error(`before any action, the probes from ${segment} did not get a baseline: ${silent.length ? `no answer on ${silent.join(", ")}` : "Kea HA was not in hot-standby on both nodes"}`);
  }
  return cp;
}

/**
 * Probes on until recovery is seen after the node went (see recoverySeen),
 * at the latest until every bound would have passed: the longest a client
 * may wait, one more resolver timeout and a few more clients.
 */
export async function untilRecovered(cp: ContinuousProbes, c: FailoverCase, away: AwayWindow, ha: HaTimers): Promise<boolean> {
  const patience = clientGiveUpMs(ha) + STUB_RESOLVER.perServerTimeoutMs + 3 * PROBE_INTERVALS.dhcp;
  return cp.until((s) => recoverySeen(s, c, away.toMs ?? away.fromMs), { timeoutMs: patience });
}

/**
 * After planned reboots (an upgrade, a rollback, a clock set right), probes
 * on until every lane has answered an attempt started after the last mark
 * (the pair ready again); at the latest when a reboot's bound has passed.
 */
export async function untilPairRecovered(cp: ContinuousProbes, ha: HaTimers): Promise<boolean> {
  const since = cp.snapshot().marks.at(-1)?.atMs ?? 0;
  const reboot = Math.max(
    ...(["primary", "standby"] as const).map((role) => dhcpBounds(ha, "reboot", role, { intervalMs: PROBE_INTERVALS.dhcp, retransmit: DHCP_CLIENT, exchangeMs: 0 }).service.ms),
  );
  return cp.until((s) => pairRecovered(s, since), { timeoutMs: reboot + STUB_RESOLVER.perServerTimeoutMs });
}

/** The words a scenario uses for an action, and what it does. */
export const ACTION_WORDS: Readonly<Record<string, FailoverAction>> = {
  reboots: "reboot",
  crashes: "crash",
  "powers off": "poweroff",
  "is cut off from its first segment": "partition",
};

/**
 * Does `action` to `node`, marking the timelines as it goes: the action's
 * start, the moment the node is gone and, after a reboot, the moment it is
 * booted again. Returns when the node was away.
 */
export async function takeAway(lab: Lab, cp: ContinuousProbes, node: Node, action: FailoverAction): Promise<AwayWindow> {
  const host = node.hostname;
  const segment = node.interfaces[0]!.segment;
  switch (action) {
    case "reboot": {
      cp.mark(`reboot ${host}`);
      await actions.poweroff(lab, node);
      const off = cp.mark(`${host} off`);
      await actions.poweron(lab, node);
      return { fromMs: off.atMs, toMs: cp.mark(`${host} booted`).atMs };
    }
    case "crash":
      cp.mark(`crash ${host}`);
      await actions.crash(lab, node);
      return { fromMs: cp.mark(`${host} down`).atMs, toMs: null };
    case "poweroff":
      cp.mark(`power off ${host}`);
      await actions.poweroff(lab, node);
      return { fromMs: cp.mark(`${host} off`).atMs, toMs: null };
    case "partition":
      cp.mark(`cut ${host} off ${segment}`);
      await actions.partition(lab, node, segment);
      return { fromMs: cp.mark(`${host} cut off`).atMs, toMs: null };
  }
}

/** A file name from a scenario's name. */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 120) || "scenario";
}

export interface TimelineReport {
  readonly json: string;
  readonly svg: string;
  readonly path: string;
}

/**
 * The timelines as a JSON document (with whatever the scenario adds: the
 * case, the bounds, the verdicts) and as a chart, written to
 * `timelines/<scenario>.json` (and `.svg`) under the reports directory.
 */
export async function keepTimelines(
  reportsDir: string,
  scenario: string,
  t: ProbeTimelines,
  extra: { readonly site: string; readonly bounds?: Partial<Record<Lane, number>>; readonly [key: string]: unknown },
): Promise<TimelineReport> {
  const json = `${JSON.stringify({ scenario, ...extra, timelines: t }, null, 2)}\n`;
  const svg = probeChart(t, { title: `${extra.site}: ${scenario}`, ...(extra.bounds ? { bounds: extra.bounds } : {}) });
  const dir = join(reportsDir, "timelines");
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${slug(scenario)}.json`);
  await writeFile(path, json);
  await writeFile(join(dir, `${slug(scenario)}.svg`), svg);
  return { json, svg, path };
}
