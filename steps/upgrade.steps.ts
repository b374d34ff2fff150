// Upgrade steps: the words of upgrade.feature, mapped onto the lab's
// upgrade and rollback actions, the service checks (src/scenarios/
// service-checks) and the pair verdict over the continuous probes.
import { Given, Then, When } from "@cucumber/cucumber";
import { expect } from "chai";
import { BASE_DEPLOYMENT, actions, labStatus } from "../src/lab/index.ts";
import { deploymentChanges, describeChanges, forwardingBreaker, goodCandidate } from "../src/scenarios/deployment-changes.ts";
import type { DeploymentChanges } from "../src/scenarios/deployment-changes.ts";
import { clientGiveUpMs, keepTimelines, startProbing, untilPairRecovered } from "../src/scenarios/failover-run.ts";
import { pairRows, pairVerdict } from "../src/scenarios/failover-verdict.ts";
import type { PairVerdict } from "../src/scenarios/failover-verdict.ts";
import { serviceChecks } from "../src/scenarios/service-checks.ts";
import type { Deployment } from "../src/site/index.ts";
import { expectClean } from "./failover.steps.ts";
import type { InfraWorld } from "./world.ts";

function candidate(w: InfraWorld): Deployment {
  const d = goodCandidate(w.site);
  if (!d) throw new Error(`site ${w.site.name} declares no candidate deployment that keeps forwarding as the site does`);
  return d;
}

function changes(w: InfraWorld): DeploymentChanges {
  return deploymentChanges(w.site, candidate(w));
}

/** Boots the node into `deployment` (or back to its rollback), marks the timelines, and waits until the pair serves again. */
async function reboot(w: InfraWorld, role: string, into: string | "rollback"): Promise<void> {
  const node = w.node(role);
  const cp = w.failover.probes;
  cp?.mark(into === "rollback" ? `roll ${node.hostname} back` : `upgrade ${node.hostname} to ${into}`);
  if (into === "rollback") await actions.rollback(w.lab, node);
  else await actions.upgrade(w.lab, node, into);
  cp?.mark(`${node.hostname} booted ${w.lab.nodeState(node).booted}`);
  (w.failover.rebooted ??= []).push(node.role);
  await w.lab.waitUntilReady({ timeoutMs: 120_000 });
  cp?.mark(`${node.hostname} ready`);
}

async function bootFacts(w: InfraWorld, role: string): Promise<{ deployment: string; rollback?: string; ha?: string }> {
  const status = await labStatus(w.lab);
  const n = status.nodes.find((x) => x.node === w.node(role).hostname)!;
  w.log(status.nodes.map((x) => `${x.node} (${x.role}): ${x.deployment} (booted)${x.rollback ? `, ${x.rollback} (rollback)` : ""}, Kea HA ${x.ha ?? "-"}`).join("\n"));
  return { deployment: n.deployment, ...(n.rollback ? { rollback: n.rollback } : {}), ...(n.ha ? { ha: n.ha } : {}) };
}

function pair(w: InfraWorld): PairVerdict {
  if (!w.failover.pair) throw new Error("the continuous probes have not been stopped and judged yet");
  return w.failover.pair;
}

Given("a client on the site's first segment probes DNS, NTP and DHCP continuously", { timeout: 60_000 }, async function (this: InfraWorld) {
  this.failover.probes = await startProbing(this.lab, this.probes, this.site.segments[0]!.name, { dhcpGiveUpMs: clientGiveUpMs(this.site.dhcp.ha) });
});

When("the {pair-node} is upgraded to the site's candidate deployment", { timeout: 300_000 }, async function (this: InfraWorld, role: string) {
  await reboot(this, role, candidate(this).name);
});

When("the {pair-node} is upgraded to the candidate that breaks forwarding", { timeout: 300_000 }, async function (this: InfraWorld, role: string) {
  const broken = forwardingBreaker(this.site);
  if (!broken) throw new Error(`site ${this.site.name} declares no candidate that forwards elsewhere than the site does`);
  await reboot(this, role, broken.name);
});

Then("the {pair-node} passes the service checks, including what the candidate changes", { timeout: 120_000 }, async function (this: InfraWorld, role: string) {
  const c = changes(this);
  const report = await serviceChecks(this.lab, this.probes, this.node(role), { changes: c });
  this.failover.checks = report;
  this.log([`${c.deployment} changes: ${describeChanges(c).join("; ") || "nothing the checks can see"}`, ...report.passed].join("\n"));
  expect(report.deployment, "booted deployment").to.equal(c.deployment);
  expect(report.problems, `service checks on ${report.node} (${report.deployment})`).to.deep.equal([]);
});

Then("the {pair-node} boots the candidate, with the site as written to roll back to", async function (this: InfraWorld, role: string) {
  const facts = await bootFacts(this, role);
  expect(facts).to.deep.include({ deployment: candidate(this).name, rollback: BASE_DEPLOYMENT });
});

Then("the service checks fail on the {pair-node}: it no longer forwards names outside the site", { timeout: 120_000 }, async function (this: InfraWorld, role: string) {
  const report = await serviceChecks(this.lab, this.probes, this.node(role));
  this.failover.checks = report;
  this.log([...report.passed, ...report.problems.map((p) => `FAILED ${p}`)].join("\n"));
  expect(report.forwarding, `${report.node} on ${report.deployment} still forwards names outside the site`).to.be.a("string");
  const others = report.problems.filter((p) => !p.includes("does not forward"));
  expect(others, "checks other than forwarding").to.deep.equal([]);
});

Then("the {pair-node} is rolled back", { timeout: 300_000 }, async function (this: InfraWorld, role: string) {
  const from = this.lab.nodeState(this.node(role)).booted;
  await reboot(this, role, "rollback");
  const facts = await bootFacts(this, role);
  expect(facts).to.deep.include({ deployment: BASE_DEPLOYMENT, rollback: from });
});

Then("the {pair-node} passes the service checks on the site as written", { timeout: 120_000 }, async function (this: InfraWorld, role: string) {
  const report = await serviceChecks(this.lab, this.probes, this.node(role));
  this.failover.checks = report;
  this.log(report.passed.join("\n"));
  expect(report.deployment).to.equal(BASE_DEPLOYMENT);
  expect(report.problems, `service checks on ${report.node}`).to.deep.equal([]);
});

Then(
  "while the nodes rebooted one at a time, no DNS query went unanswered and no NTP poll went without time",
  { timeout: 300_000 },
  async function (this: InfraWorld) {
    const cp = this.failover.probes;
    if (!cp) throw new Error("the continuous probes were not started");
    await untilPairRecovered(cp, this.site.dhcp.ha);
    const t = (this.failover.timelines = await cp.stop());
    const v = (this.failover.pair = pairVerdict(t, this.site.dhcp.ha, this.failover.rebooted ?? []));
    this.outages.push(...pairRows(v));
    const report = await keepTimelines(this.parameters.reportsDir, this.failover.name ?? "upgrade", t, {
      site: this.site.name,
      rebooted: this.failover.rebooted,
      bounds: { dns: 0, ntp: 0, ...(v.dhcp ? { dhcp: v.dhcp.boundMs } : {}) },
      verdicts: v,
    });
    this.log([v.dns?.summary, v.ntp?.summary, v.dhcp?.summary, `timeline: ${report.path}`].filter(Boolean).join("\n"));
    this.attach(report.svg, "image/svg+xml");
    this.attach(report.json, { mediaType: "application/json", fileName: "timeline.json" });
    expectClean(v.dns, "DNS");
    expectClean(v.ntp, "NTP");
  },
);

Then("new DHCP clients went unserved no longer than a reboot allows", function (this: InfraWorld) {
  expectClean(pair(this).dhcp, "DHCP");
});
