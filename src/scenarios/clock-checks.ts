// A node's clock, as the pair's time service reports it and as an operator
// sets it right: chronyc tracking on the node itself states how far the
// system clock is from the time it trusts (chronyd may not correct a clock
// it does not own: in the lab the host's, so it only keeps count); setting
// it right restarts what it stopped, one node at a time.
import { actions, execIn, haState, waitUntilReady } from "../lab/index.ts";
import type { Lab } from "../lab/index.ts";
import type { Node, Site } from "../site/index.ts";

/** "System time : 89.999984741 seconds fast of NTP time" → +89.999984741 (slow is negative). */
export function parseSystemTime(tracking: string): number | undefined {
  const m = /^System time\s*:\s*([0-9.]+) seconds (fast|slow) of NTP time/m.exec(tracking);
  if (!m) return undefined;
  return (m[2] === "fast" ? 1 : -1) * Number(m[1]);
}

/**
 * How far ahead of true time the node's chronyd says the node's clock runs,
 * in seconds, with the whole output. Numeric (-n): a name lookup of the
 * reference would wait on the resolver.
 */
export async function clockAhead(lab: Lab, node: Node): Promise<{ seconds: number | undefined; tracking: string }> {
  const ntp = lab.nodeContainers(node).find((c) => c.service === "ntp");
  if (!ntp) throw new Error(`${node.hostname} runs no time service`);
  const r = await execIn(lab.docker, ntp.name, ["chronyc", "-n", "tracking"]);
  if (r.exitCode !== 0) throw new Error(`chronyc tracking on ${node.hostname} failed: ${r.stderr.trim() || `exit ${r.exitCode}`}`);
  return { seconds: parseSystemTime(r.stdout), tracking: r.stdout };
}

/**
 * How long chrony may take to report a clock it has just met: its first
 * samples come in a burst (iburst, two seconds apart) or at its minimum
 * poll, whichever is longer, and it states the offset on the update after
 * the first sample; eight of those is ample.
 */
export function chronyReportWithinMs(site: Site): number {
  const burstSeconds = 2;
  return 8 * Math.max(burstSeconds, 2 ** (site.ntp.poll?.min ?? 6)) * 1000;
}

/** Asks chronyc tracking on the node until it reports the clock `seconds` ahead (to the second), or the time is up; returns the last report. */
export async function clockReportedAhead(lab: Lab, node: Node, seconds: number, withinMs: number): Promise<{ seconds: number | undefined; tracking: string }> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const report = await clockAhead(lab, node);
    if ((report.seconds !== undefined && Math.round(report.seconds) === seconds) || Date.now() > deadline) return report;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Until every node that is powered and connected answers DNS and NTP and serves its boot files (Kea HA in whatever state). */
async function serving(lab: Lab): Promise<void> {
  await waitUntilReady(lab.readinessChecks().filter((c) => c.service !== "dhcp"), { timeoutMs: 120_000 });
}

/**
 * Sets the node's clock right as an operator would, one node at a time so
 * the pair never stops answering: the node boots on true time; then each
 * node whose Kea stopped HA (terminated, which only a restart leaves)
 * reboots, once its partner serves. Ends with the pair ready, HA in
 * hot-standby on both.
 */
export async function setClockRight(lab: Lab, node: Node, say: (what: string) => void = () => {}): Promise<void> {
  await actions.skew(lab, node, 0);
  say(`${node.hostname} on true time`);
  await serving(lab);
  for (let round = 0; round < 2 * lab.site.nodes.length; round++) {
    const states = await Promise.all(lab.site.nodes.map(async (n) => [n, await haState(lab.checkContext(), n).catch(() => "unreachable")] as const));
    const stopped = states.find(([, state]) => state === "terminated")?.[0];
    if (!stopped) break;
    await actions.reboot(lab, stopped);
    say(`${stopped.hostname} rebooted: its Kea HA was terminated`);
    await serving(lab);
  }
  await lab.waitUntilReady({ timeoutMs: 180_000 });
}
