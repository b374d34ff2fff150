// Clock-skew steps: the words of clock-skew.feature, mapped onto the lab's
// skew action, Kea HA's state as `lab status` shows it, and chrony's own
// account of the node's clock.
import { Given, Then, When } from "@cucumber/cucumber";
import { expect } from "chai";
import { actions, labStatus } from "../src/lab/index.ts";
import { renderStatus } from "../src/cli/render-status.ts";
import { chronyReportWithinMs, clockReportedAhead, setClockRight } from "../src/scenarios/clock-checks.ts";
import { keepTimelines, startProbing, untilPairRecovered } from "../src/scenarios/failover-run.ts";
import { pairRows, pairVerdict } from "../src/scenarios/failover-verdict.ts";
import { KEA_HA_MAX_CLOCK_SKEW_MS, skewPastKeaLimitSeconds } from "../src/scenarios/outage-bounds.ts";
import { expectClean } from "./failover.steps.ts";
import type { InfraWorld } from "./world.ts";

/** Kea HA's state on every node, as `coreos-infra lab status` shows it; the table goes into the report. */
async function haStates(w: InfraWorld): Promise<Record<string, string>> {
  const status = await labStatus(w.lab);
  w.attach(renderStatus(status), { mediaType: "text/plain", fileName: "lab-status.txt" });
  return Object.fromEntries(status.nodes.map((n) => [n.node, n.ha ?? "-"]));
}

Given("a client on the site's first segment asks the pair for names continuously", { timeout: 60_000 }, async function (this: InfraWorld) {
  this.failover.probes = await startProbing(this.lab, this.probes, this.site.segments[0]!.name, { lanes: ["dns"] });
});

When("the {pair-node}'s clock runs ahead of the {pair-node}'s by more than Kea HA allows", { timeout: 180_000 }, async function (this: InfraWorld, role: string, _other: string) {
  const node = this.node(role);
  const seconds = skewPastKeaLimitSeconds();
  const cp = this.failover.probes!;
  cp.mark(`${node.hostname} clock +${seconds} s`);
  await actions.skew(this.lab, node, seconds);
  (this.failover.rebooted ??= []).push(node.role);
  this.log(`${node.hostname}'s services now see a clock ${seconds} s ahead (Kea HA stops beyond ${KEA_HA_MAX_CLOCK_SKEW_MS / 1000} s)`);
  // Kea notices on its next heartbeats; the wait ends when both have stopped, or fails after two minutes.
  const both = await cp.until((s) => (s.lanes.ha ?? []).some((a) => a.ok && Object.values(a.detail as Record<string, string>).every((x) => x === "terminated")), { timeoutMs: 120_000 });
  cp.mark(both ? "HA terminated" : "HA still running");
});

Then("Kea HA reports terminated on both nodes: leases are no longer synchronised", async function (this: InfraWorld) {
  const states = await haStates(this);
  expect(states, "Kea HA state per node, as lab status shows it").to.deep.equal(Object.fromEntries(this.site.nodes.map((n) => [n.hostname, "terminated"])));
});

Then("chrony on the {pair-node} reports its clock ahead of true time by the skew", { timeout: 600_000 }, async function (this: InfraWorld, role: string) {
  const node = this.node(role);
  const skew = this.lab.nodeState(node).skewSeconds;
  const { seconds, tracking } = await clockReportedAhead(this.lab, node, skew, chronyReportWithinMs(this.site));
  this.attach(tracking, { mediaType: "text/plain", fileName: `chronyc-tracking-${node.hostname}.txt` });
  this.log(`chronyc tracking on ${node.hostname}: system time ${seconds?.toFixed(3)} s fast of NTP time (skew ${skew} s); chronyd keeps serving true time, so NTP clients do not follow the clock`);
  expect(seconds, `chronyc tracking on ${node.hostname}`).to.be.a("number");
  // The lab's clocks are one clock, moved by exactly the skew: chrony's estimate rounds to it.
  expect(Math.round(seconds!)).to.equal(skew);
});

When("the {pair-node}'s clock is set right and the pair restored", { timeout: 300_000 }, async function (this: InfraWorld, role: string) {
  const cp = this.failover.probes!;
  const node = this.node(role);
  cp.mark(`set ${node.hostname}'s clock right`);
  await setClockRight(this.lab, node, (what) => cp.mark(what));
  cp.mark("pair restored");
});

Then("Kea HA is back in hot-standby on both nodes", async function (this: InfraWorld) {
  const states = await haStates(this);
  expect(states).to.deep.equal(Object.fromEntries(this.site.nodes.map((n) => [n.hostname, "hot-standby"])));
});

Then("no DNS query went unanswered while the clocks disagreed", { timeout: 120_000 }, async function (this: InfraWorld) {
  await untilPairRecovered(this.failover.probes!, this.site.dhcp.ha);
  const t = (this.failover.timelines = await this.failover.probes!.stop());
  const v = (this.failover.pair = pairVerdict(t, this.site.dhcp.ha, this.failover.rebooted ?? []));
  this.outages.push(...pairRows(v));
  const report = await keepTimelines(this.parameters.reportsDir, this.failover.name ?? "clock skew", t, { site: this.site.name, bounds: { dns: 0 }, verdicts: v });
  this.log([v.dns?.summary, `timeline: ${report.path}`].join("\n"));
  this.attach(report.svg, "image/svg+xml");
  this.attach(report.json, { mediaType: "application/json", fileName: "timeline.json" });
  expectClean(v.dns, "DNS");
});
