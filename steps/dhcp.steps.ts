// DHCP steps: the words of dhcp.feature, mapped onto src/scenarios/dhcp-checks.
import { After, Given, Then, When } from "@cucumber/cucumber";
import { expect } from "chai";
import {
  IMPATIENT,
  bootClients,
  describe,
  fillPool,
  freeFill,
  leaseOnce,
  missingLeases,
  newClientsEverywhere,
  renewAndRelease,
  reservedClients,
  udhcpcLease,
  unfetchableBootFiles,
} from "../src/scenarios/dhcp-checks.ts";
import type { SegmentLease } from "../src/scenarios/dhcp-checks.ts";
import {
  addressProblems,
  bootProblems,
  dhcpSegments,
  inPools,
  optionProblems,
  renewalProblems,
  reservationProblems,
  smallestPool,
  udhcpcProblems,
} from "../src/scenarios/dhcp-expectations.ts";
import type { Segment } from "../src/site/index.ts";
import type { InfraWorld } from "./world.ts";

const leases = (w: InfraWorld): SegmentLease[] => w.dhcp.leases ?? [];

/** Problems found per lease, each prefixed with who had it. */
function each(list: readonly SegmentLease[], check: (l: SegmentLease) => string[]): string[] {
  return list.flatMap((l) => (l.result?.lease ? check(l).map((p) => `${describe(l)}: ${p}`) : []));
}

function filled(w: InfraWorld): Segment {
  const segment = w.dhcp.fill?.segment ?? smallestPool(w.site);
  if (!segment) throw new Error(`no DHCP segment of ${w.site.name} has a pool small enough to fill`);
  return segment;
}

When("a new client on each segment that serves DHCP asks for a lease", async function (this: InfraWorld) {
  this.dhcp.leases = await newClientsEverywhere(this.probes, this.site);
});

Then("every client gets an address from its segment's pools, from one of the pair", function (this: InfraWorld) {
  expect(missingLeases(leases(this))).to.deep.equal([]);
  expect(each(leases(this), (l) => addressProblems(this.site, l.segment, l.result!.lease!))).to.deep.equal([]);
});

Then("every lease carries its segment's routers, DNS and NTP servers, domain name, search list and lease time", function (this: InfraWorld) {
  expect(missingLeases(leases(this))).to.deep.equal([]);
  expect(each(leases(this), (l) => optionProblems(l.segment, l.result!.lease!))).to.deep.equal([]);
});

Then("udhcpc on each of those segments gets a lease with the same options", { timeout: 300_000 }, async function (this: InfraWorld) {
  const problems: string[] = [];
  for (const l of leases(this)) {
    const env = await udhcpcLease(this.lab, this.probes, l.segment.name);
    problems.push(...udhcpcProblems(l.segment, env, l.result!.lease!).map((p) => `${l.segment.name}: ${p}`));
  }
  expect(problems).to.deep.equal([]);
});

When("each machine with a reservation asks for a lease on its segment", async function (this: InfraWorld) {
  this.dhcp.leases = await reservedClients(this.probes, this.site);
});

Then("every one gets its reserved address and host name", function (this: InfraWorld) {
  expect(missingLeases(leases(this))).to.deep.equal([]);
  expect(each(leases(this), (l) => reservationProblems(l.reservation!, l.result!.lease!))).to.deep.equal([]);
});

When("a client on each segment that serves DHCP takes a lease, renews it and releases it", { timeout: 300_000 }, async function (this: InfraWorld) {
  this.dhcp.renewals = await Promise.all(dhcpSegments(this.site).map((s) => renewAndRelease(this.lab, this.probes, s)));
});

Then("every renewal is acknowledged by the server that granted the lease, for the same address and the segment's lease time", function (this: InfraWorld) {
  const renewals = this.dhcp.renewals ?? [];
  expect(renewals.length, "renewals").to.be.above(0);
  const problems = renewals.flatMap((r) => (r.lease && r.renewal ? renewalProblems(r.segment, r.lease, r.renewal) : [r.error ?? "no lease"]).map((p) => `${r.segment.name}: ${p}`));
  expect(problems).to.deep.equal([]);
});

Then("the pair's lease records show every renewal extended its lease", function (this: InfraWorld) {
  const problems = (this.dhcp.renewals ?? []).flatMap((r) => {
    const e = r.expiry;
    if (e?.before === undefined || e.after === undefined) return [`${r.segment.name}: the serving node holds no record of ${r.lease?.address ?? "the lease"}`];
    return e.after > e.before ? [] : [`${r.segment.name}: ${r.lease!.address} still runs out at ${new Date(e.after * 1000).toISOString()}`];
  });
  expect(problems).to.deep.equal([]);
});

Then("after each release neither node holds a lease for the address", function (this: InfraWorld) {
  const problems = (this.dhcp.renewals ?? []).flatMap((r) => (r.heldAfterRelease.length ? [`${r.segment.name}: ${r.heldAfterRelease.join(" and ")} still hold ${r.lease!.address}`] : []));
  expect(problems).to.deep.equal([]);
});

Given("perfdhcp has leased every free address of the segment with the smallest pool", { timeout: 600_000 }, async function (this: InfraWorld) {
  this.dhcp.fill = await fillPool(this.lab, this.probes, filled(this));
  this.attach(this.dhcp.fill.reports.join("\n\n"), { mediaType: "text/plain", fileName: "perfdhcp.txt" });
  expect(this.dhcp.fill.leased, `leased addresses in the pools of ${this.dhcp.fill.segment.name}`).to.equal(this.dhcp.fill.size);
});

When("a new client on that segment asks for a lease", async function (this: InfraWorld) {
  this.dhcp.leases = [await leaseOnce(this.probes, filled(this), { retransmit: IMPATIENT })];
});

Then("it gets no offer", function (this: InfraWorld) {
  const l = leases(this)[0]!;
  expect(l.error, "the probe").to.equal(undefined);
  expect(l.result?.outcome, `${describe(l)} (got ${l.result?.lease?.address ?? "nothing"})`).to.equal("no-offer");
});

When("the leases perfdhcp took are deleted from both nodes", async function (this: InfraWorld) {
  expect(await freeFill(this.lab), "lease records deleted").to.be.at.least(this.dhcp.fill?.size ?? 1);
});

Then("it gets an address from the segment's pools", function (this: InfraWorld) {
  const l = leases(this)[0]!;
  expect(missingLeases([l])).to.deep.equal([]);
  expect(inPools(l.segment, l.result!.lease!.address), `${l.result!.lease!.address} in the pools of ${l.segment.name}`).to.equal(true);
});

When("an iPXE client and a BIOS PXE client on each segment that serves DHCP ask for a lease", async function (this: InfraWorld) {
  this.dhcp.leases = await bootClients(this.probes, this.site);
});

Then("every iPXE client is sent the dispatch script over HTTP from the node that answered", function (this: InfraWorld) {
  const ipxe = leases(this).filter((l) => l.boot === "ipxe");
  expect(missingLeases(ipxe)).to.deep.equal([]);
  expect(each(ipxe, (l) => bootProblems(this.site, "ipxe", l.result!.lease!))).to.deep.equal([]);
});

Then("every BIOS client is sent the iPXE binary for BIOS from the node that answered", function (this: InfraWorld) {
  const bios = leases(this).filter((l) => l.boot === "bios");
  expect(missingLeases(bios)).to.deep.equal([]);
  expect(each(bios, (l) => bootProblems(this.site, "bios", l.result!.lease!))).to.deep.equal([]);
});

Then("every boot file can be fetched from where the lease points", { timeout: 300_000 }, async function (this: InfraWorld) {
  expect(await unfetchableBootFiles(this.lab, this.probes, leases(this))).to.deep.equal([]);
});

// Leases perfdhcp took must not outlive the scenario, whatever became of it.
After({ tags: "@fills-a-pool", timeout: 120_000 }, async function (this: InfraWorld) {
  await freeFill(this.lab);
});
