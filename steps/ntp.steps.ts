// NTP steps: the words of ntp.feature, mapped onto src/scenarios/ntp-checks.
import { Given, Then, When } from "@cucumber/cucumber";
import { expect } from "chai";
import {
  askEachNode,
  askFromOutsider,
  pollWords,
  sourcesProblems,
  stopUpstreams,
  unreachableFrom,
  upstreamStrata,
  upstreamSyncProblems,
} from "../src/scenarios/ntp-checks.ts";
import { answeredProblems, offsetProblems, orphanProblems, orphanSettleBoundMs, reachLossBoundMs, timeSegments } from "../src/scenarios/ntp-expectations.ts";
import type { NtpAsk } from "../src/scenarios/ntp-expectations.ts";
import { within } from "../src/scenarios/within.ts";
import type { InfraWorld } from "./world.ts";

const asks = (w: InfraWorld): NtpAsk[] => w.ntp.asks ?? [];

/** The segment whose client watches the nodes when a step names none: the first allowed to ask. */
function watcher(w: InfraWorld): string {
  const s = timeSegments(w.site, true)[0];
  if (!s) throw new Error(`no segment of ${w.site.name} may ask the pair for time`);
  return s.name;
}

async function strata(w: InfraWorld): Promise<Map<string, number>> {
  w.ntp.upstreamStrata ??= await upstreamStrata(w.probes, w.site, watcher(w));
  return w.ntp.upstreamStrata;
}

Then("each node serves the time of one of the site's upstream servers, one stratum below it", async function (this: InfraWorld) {
  const known = await strata(this);
  const segment = timeSegments(this.site, true).filter((s) => s.name === watcher(this));
  // Right after the lab comes up a node may still be choosing; it settles within the reachability window.
  const { problems } = await within(reachLossBoundMs(this.site), async () => {
    this.ntp.asks = await askEachNode(this.probes, this.site, segment);
    return upstreamSyncProblems(asks(this), known);
  });
  expect(problems, "nodes not serving an upstream's time").to.deep.equal([]);
});

Then("chronyc on each node counts its partner and every upstream server as reachable", async function (this: InfraWorld) {
  expect(await sourcesProblems(this.lab, true)).to.deep.equal([]);
});

When("a client on each segment allowed to ask for time asks each node for the time", async function (this: InfraWorld) {
  this.ntp.asks = await askEachNode(this.probes, this.site, timeSegments(this.site, true));
});

When("a client on each segment not allowed to ask for time asks each node for the time", async function (this: InfraWorld) {
  this.ntp.asks = await askEachNode(this.probes, this.site, timeSegments(this.site, false));
});

When("the outsider asks each node for the time", async function (this: InfraWorld) {
  this.ntp.asks = await askFromOutsider(this.probes, this.site);
});

Then("every answer is synchronised time, one stratum below the site's upstream servers", async function (this: InfraWorld) {
  expect(upstreamSyncProblems(asks(this), await strata(this))).to.deep.equal([]);
});

Then("every answer agrees with the client's clock within the error it states", function (this: InfraWorld) {
  expect(offsetProblems(asks(this))).to.deep.equal([]);
});

Then("no node answers, though both are reachable from there", async function (this: InfraWorld) {
  expect(answeredProblems(asks(this)), "answers to a client that may not ask").to.deep.equal([]);
  const froms = [...new Set(asks(this).map((a) => a.from))];
  const unreachable = await Promise.all(froms.map((f) => unreachableFrom(this.lab, this.probes, f, [...new Set(asks(this).filter((a) => a.from === f).map((a) => a.server))])));
  expect(unreachable.flat(), "silence that is a cut path, not a refusal").to.deep.equal([]);
});

Given("every upstream time server has disappeared", async function (this: InfraWorld) {
  await stopUpstreams(this.lab);
});

Then("within eight polls chronyc on each node counts every upstream server as unreachable", { timeout: 600_000 }, async function (this: InfraWorld) {
  const { problems, tookMs } = await within(reachLossBoundMs(this.site), () => sourcesProblems(this.lab, false));
  this.attach(`every upstream counted unreachable after ${(tookMs / 1000).toFixed(1)} s; bound ${pollWords(this.site)}`);
  expect(problems, `still reachable after ${pollWords(this.site)}`).to.deep.equal([]);
});

Then(
  "in time the node with the lower address serves its own clock at the site's orphan stratum, and its partner serves that time one stratum higher",
  { timeout: 600_000 },
  async function (this: InfraWorld) {
    const segment = timeSegments(this.site, true).filter((s) => s.name === watcher(this));
    const bound = orphanSettleBoundMs(this.site);
    const { problems, tookMs } = await within(bound, async () => {
      this.ntp.asks = await askEachNode(this.probes, this.site, segment);
      return orphanProblems(this.site, asks(this));
    });
    this.attach(`orphan arrangement served ${(tookMs / 1000).toFixed(1)} s after every upstream was counted unreachable; bound ${bound / 1000} s`);
    expect(problems, `not settled within ${bound / 1000} s`).to.deep.equal([]);
  },
);
