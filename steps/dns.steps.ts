// DNS steps: the words of dns.feature, mapped onto src/scenarios/dns-checks.
import { Then, When } from "@cucumber/cucumber";
import { expect } from "chai";
import { UPSTREAM_ZONE } from "../src/synth/lab/support-files.ts";
import { ask, askEveryRecord, digDisagreements, flagProblems, mismatches, rcodeProblems, segmentsThat } from "../src/scenarios/dns-checks.ts";
import type { DnsAsk } from "../src/scenarios/dns-checks.ts";
import type { InfraWorld } from "./world.ts";

const answers = (w: InfraWorld): DnsAsk[] => w.dnsAsks;
const keep = (w: InfraWorld, asks: DnsAsk[]) => {
  w.dnsAsks = asks;
};

When("a client on each segment that may query the pair asks each node for every forward record of the site", async function (this: InfraWorld) {
  keep(this, await askEveryRecord(this.probes, this.site, segmentsThat(this.site, true), "forward"));
});

When("a client asks each node for every reverse record of the site", async function (this: InfraWorld) {
  keep(this, await askEveryRecord(this.probes, this.site, [this.site.segments[0]!.name], "reverse"));
});

When("a client asks each node for a name that does not exist in the site's domain", async function (this: InfraWorld) {
  const name = `no-such-host-${process.pid}.${this.site.domain}.`;
  keep(this, await Promise.all(this.site.nodes.map((n) => ask(this.probes, this.site.segments[0]!.name, n, name, "A"))));
});

When("a client asks each node for a name outside the site", async function (this: InfraWorld) {
  const record = UPSTREAM_ZONE.records[0];
  keep(this, await Promise.all(this.site.nodes.map((n) => ask(this.probes, this.site.segments[0]!.name, n, `${record.name}.`, record.type))));
});

When("the outsider asks each node for the site's domain", async function (this: InfraWorld) {
  keep(this, await Promise.all(this.site.nodes.map((n) => ask(this.probes, "outsider", n, `${this.site.domain}.`, "SOA"))));
});

When("a client on each segment that may not query the pair asks each node for the site's domain", async function (this: InfraWorld) {
  const asks = segmentsThat(this.site, false).flatMap((s) => this.site.nodes.map((n) => ask(this.probes, s, n, `${this.site.domain}.`, "SOA")));
  keep(this, await Promise.all(asks));
});

Then("every answer matches the site", function (this: InfraWorld) {
  expect(answers(this).length, "answers").to.be.above(0);
  expect(mismatches(answers(this)), "answers that differ from site.yaml").to.deep.equal([]);
});

Then("every answer is authoritative", function (this: InfraWorld) {
  expect(flagProblems(answers(this), "aa", true)).to.deep.equal([]);
});

Then("every answer is {rcode}", function (this: InfraWorld, rcode: string) {
  expect(answers(this).length, "answers").to.be.above(0);
  expect(rcodeProblems(answers(this), rcode)).to.deep.equal([]);
});

Then("every answer carries the upstream stand-in's address for it", function (this: InfraWorld) {
  const record = UPSTREAM_ZONE.records[0];
  expect(rcodeProblems(answers(this), "NOERROR")).to.deep.equal([]);
  for (const a of answers(this)) expect(a.result!.answers.map((x) => x.data), `${a.node.hostname}`).to.include(record.value);
});

Then("dig, asked the same questions, gets the same answers", { timeout: 300_000 }, async function (this: InfraWorld) {
  expect(await digDisagreements(this.lab, answers(this))).to.deep.equal([]);
});
