// Failover steps: the words of failover.feature, mapped onto the continuous
// probes (src/scenarios/continuous-probes), the bounds (outage-bounds) and
// the verdicts (failover-verdict).
import { After, Before, Given, Then, When } from "@cucumber/cucumber";
import { expect } from "chai";
import { ACTION_WORDS, clientGiveUpMs, haObserver, keepTimelines, startProbing, takeAway, untilRecovered } from "../src/scenarios/failover-run.ts";
import { failoverVerdict, outageRows } from "../src/scenarios/failover-verdict.ts";
import type { AwayWindow, FailoverCase, FailoverVerdict, LaneVerdict } from "../src/scenarios/failover-verdict.ts";
import type { InfraWorld } from "./world.ts";

Before(function (this: InfraWorld, { pickle }) {
  this.failover = { name: pickle.name };
});

/**
 * Probes a failed step left running are stopped (a recorder that runs on
 * keeps the whole run alive), and what they saw goes into the report.
 */
After({ timeout: 300_000 }, async function (this: InfraWorld) {
  const cp = this.failover.probes;
  if (!cp) return;
  if (!this.failover.timelines) {
    const t = (this.failover.timelines = await cp.stop());
    const report = await keepTimelines(this.parameters.reportsDir, this.failover.name ?? "scenario", t, { site: this.site.name, stoppedAfterFailure: true });
    this.attach(report.svg, "image/svg+xml");
    this.attach(report.json, { mediaType: "application/json", fileName: "timeline.json" });
  }
  // The next scenario restores a lab whose nodes were changed; a lab that looks as written but whose Kea stopped HA it would not see.
  if (this.lab.isPristine() && Object.values(await haObserver(this.lab)()).some((state) => state !== "hot-standby")) {
    await this.lab.restore();
    await this.lab.waitUntilReady({ timeoutMs: 180_000 });
  }
});

function verdict(w: InfraWorld): FailoverVerdict {
  if (!w.failover.verdict) throw new Error("no node was taken away in this scenario, so there is nothing to judge");
  return w.failover.verdict;
}

/** A lane's problems must be none; the message is the lane's own account. */
export function expectClean(lane: LaneVerdict | undefined, what: string): void {
  if (!lane) throw new Error(`${what} was not probed in this scenario`);
  expect(lane.problems, lane.summary).to.deep.equal([]);
}

Given("a client on the {pair-node}'s first segment probes DNS, NTP and DHCP continuously", { timeout: 60_000 }, async function (this: InfraWorld, role: string) {
  const node = this.node(role);
  this.failover.probes = await startProbing(this.lab, this.probes, node.interfaces[0]!.segment, { dhcpGiveUpMs: clientGiveUpMs(this.site.dhcp.ha) });
});

When("the {pair-node} {node-action}", { timeout: 300_000 }, async function (this: InfraWorld, role: string, words: string) {
  const cp = this.failover.probes;
  if (!cp) throw new Error("the continuous probes were not started");
  const node = this.node(role);
  const partner = this.site.nodes.find((n) => n !== node)!;
  const c: FailoverCase = { node: node.hostname, partner: partner.hostname, role: node.role, action: ACTION_WORDS[words]! };
  const ha = this.site.dhcp.ha;
  let away: AwayWindow | undefined;
  try {
    away = await takeAway(this.lab, cp, node, c.action);
    await untilRecovered(cp, c, away, ha);
  } finally {
    this.failover.timelines = await cp.stop();
  }
  const t = this.failover.timelines;
  if (!away) throw new Error(`${node.hostname} was not taken away`);
  const v = failoverVerdict(t, c, away, ha);
  Object.assign(this.failover, { case: c, away, verdict: v });
  this.outages.push(...outageRows(v));
  const report = await keepTimelines(this.parameters.reportsDir, this.failover.name ?? `${role} ${words}`, t, {
    site: this.site.name,
    case: c,
    away,
    bounds: v.dhcp ? { dns: 0, ntp: 0, dhcp: v.dhcp.bounds.service.ms } : { dns: 0, ntp: 0 },
    dhcpBounds: v.dhcp?.bounds,
    verdicts: v,
  });
  this.log([v.dns.summary, v.ntp.summary, ...(v.dhcp ? [v.dhcp.service.summary, v.dhcp.wait.summary, v.dhcp.source.summary] : []), `timeline: ${report.path}`].join("\n"));
  this.attach(report.svg, "image/svg+xml");
  this.attach(report.json, { mediaType: "application/json", fileName: "timeline.json" });
});

Then("no DNS query went unanswered", function (this: InfraWorld) {
  expectClean(verdict(this).dns, "DNS");
});

Then("every NTP poll got synchronised time, from the partner when the {pair-node} served none", function (this: InfraWorld, _role: string) {
  expectClean(verdict(this).ntp, "NTP");
});

Then("new DHCP clients went unserved no longer than the bound for this action", function (this: InfraWorld) {
  expectClean(verdict(this).dhcp?.service, "DHCP");
});

Then("no DHCP client waited for its lease longer than the bound for this action", function (this: InfraWorld) {
  expectClean(verdict(this).dhcp?.wait, "DHCP");
});

Then("every lease granted while the {pair-node} was away came from its partner", function (this: InfraWorld, _role: string) {
  expectClean(verdict(this).dhcp?.source, "DHCP");
});
