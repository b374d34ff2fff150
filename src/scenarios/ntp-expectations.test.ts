import { describe, it } from "node:test";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseSite } from "../site/index.ts";
import type { NtpResult } from "../probe/index.ts";
import {
  CHRONY_LOCAL_REFID,
  answerProblems,
  answeredProblems,
  errorBoundMs,
  expectedSources,
  noticesLossQuickly,
  offsetProblems,
  orphanLeader,
  orphanProblems,
  parseChronySources,
  reachLossBoundMs,
  sourceProblems,
  timeAddress,
  timeSegments,
} from "./ntp-expectations.ts";
import type { NtpAsk } from "./ntp-expectations.ts";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/sites/${name}.yaml`, import.meta.url)), "utf8");
const OFFICE = parseSite(fixture("small-office"));
const CAMPUS = parseSite(fixture("campus"));

function answer(extra: Partial<NtpResult>): NtpResult {
  return {
    leap: "none", version: 4, mode: 4, stratum: 2, poll: 0, precision: -25, rootDelaySeconds: 0.0001, rootDispersionSeconds: 0.00002,
    referenceId: "192.0.2.123", synchronized: true, offsetMs: 0.1, delayMs: 1, server: "198.18.10.2", port: 123, latencyMs: 1,
    ...extra,
  } as NtpResult;
}

/** A question a node answered with `result` over defaults, or (null) left unanswered. */
function ask(node: 0 | 1, extra: Partial<NtpAsk> = {}, result: Partial<NtpResult> | null = {}): NtpAsk {
  const n = OFFICE.nodes[node];
  return { from: "lan", node: n, server: timeAddress(n, "lan"), ...(result ? { result: answer(result) } : {}), ...extra };
}

describe("NTP expectations", () => {
  it("knows which segments may ask for time", () => {
    expect(timeSegments(OFFICE, true).map((s) => s.name)).to.deep.equal(["lan"]);
    expect(timeSegments(OFFICE, false)).to.deep.equal([]);
    expect(timeSegments(CAMPUS, true).map((s) => s.name)).to.deep.equal(["servers", "staff", "labs"]);
    expect(timeSegments(CAMPUS, false).map((s) => s.name)).to.deep.equal(["guest"]);
  });

  it("asks a node at its address on the client's segment, or at its first for a segment it is not on", () => {
    expect(timeAddress(CAMPUS.nodes[1], "staff")).to.equal("198.18.21.3");
    expect(timeAddress(CAMPUS.nodes[1], "labs")).to.equal("198.18.20.3");
  });

  it("bounds the wait for a lost server by the site's longest poll", () => {
    // poll max 0: one second per poll; eight unanswered polls are recorded by the ninth, plus two for spreading and checking.
    expect(reachLossBoundMs(OFFICE)).to.equal(11_000);
    expect(noticesLossQuickly(OFFICE)).to.equal(true);
    const slow = { ...OFFICE, ntp: { ...OFFICE.ntp, poll: undefined } };
    expect(reachLossBoundMs(slow)).to.equal(11 * 1024_000);
    expect(noticesLossQuickly(slow)).to.equal(false);
  });

  it("reads chronyc's CSV sources and judges reachability", () => {
    const sources = parseChronySources("^,*,192.0.2.123,1,-1,377,0,0.000000309,-0.000000152,0.000036865\n^,?,198.18.10.3,2,0,0,17,0,0,0\n");
    expect(sources.map((s) => [s.state, s.address, s.stratum, s.reach])).to.deep.equal([["*", "192.0.2.123", 1, 255], ["?", "198.18.10.3", 2, 0]]);
    expect(expectedSources(OFFICE, OFFICE.nodes[0])).to.deep.equal(["192.0.2.123", "198.18.10.3"]);
    expect(sourceProblems("ns1", sources, ["192.0.2.123", "198.18.10.3", "198.51.100.1"], true)).to.deep.equal([
      "ns1: 198.18.10.3 has not answered any of the last 8 polls",
      "ns1: chronyc does not list 198.51.100.1 (it lists 192.0.2.123, 198.18.10.3)",
    ]);
    expect(sourceProblems("ns1", sources, ["198.18.10.3"], false)).to.deep.equal([]);
    expect(sourceProblems("ns1", sources, ["192.0.2.123"], false)).to.deep.equal(["ns1: 192.0.2.123 still answered one of the last 8 polls (reach 377)"]);
  });

  it("holds a served time to the error the answer states", () => {
    const r = answer({ delayMs: 10, rootDelaySeconds: 0.002, rootDispersionSeconds: 0.001, precision: -20 });
    expect(errorBoundMs(r)).to.be.closeTo(5 + 1 + 1 + 2 ** -20 * 1000, 1e-9);
    expect(offsetProblems([ask(0, {}, { offsetMs: 5.4, delayMs: 11 })])).to.deep.equal([]);
    expect(offsetProblems([ask(0, {}, { offsetMs: -7, delayMs: 11 })])[0]).to.match(/^ns1 \(198\.18\.10\.2\) from lan: offset -7\.000 ms, beyond/);
  });

  it("wants synchronised answers at the stratum a test allows", () => {
    const below = { ok: (s: number) => s < 8, words: "below 8" };
    expect(answerProblems([ask(0), ask(1, {}, { stratum: 3 })], below)).to.deep.equal([]);
    expect(answerProblems([ask(0, {}, { stratum: 9, leap: "unsynchronized", synchronized: false })], below)).to.deep.equal([
      "ns1 (198.18.10.2) from lan: not synchronised (leap unsynchronized)",
      "ns1 (198.18.10.2) from lan: stratum 9, not below 8 (reference 192.0.2.123)",
    ]);
    expect(answerProblems([], below)).to.deep.equal(["nobody asked"]);
  });

  it("calls a refusal only silence: no time and no kiss-o'-death", () => {
    expect(answeredProblems([ask(0, { error: "timed out", reason: "timeout" }, null)])).to.deep.equal([]);
    expect(answeredProblems([ask(0, { error: "kissed", reason: "kiss-o-death" }, null)])).to.deep.equal(["ns1 (198.18.10.2) from lan: kiss-o-death, not silence (kissed)"]);
    expect(answeredProblems([ask(1)])).to.deep.equal(["ns2 (198.18.10.3) from lan: served stratum 2 time"]);
  });

  it("expects the node with the lower address to lead in orphan mode and its partner one stratum higher", () => {
    expect(orphanLeader(OFFICE).hostname).to.equal("ns1");
    const swapped = { ...CAMPUS, nodes: [CAMPUS.nodes[1], CAMPUS.nodes[0]] as const };
    expect(orphanLeader(swapped).hostname).to.equal("infra1");
    const settled = [ask(0, {}, { stratum: 8, referenceId: CHRONY_LOCAL_REFID }), ask(1, {}, { stratum: 9, referenceId: "198.18.10.2" })];
    expect(orphanProblems(OFFICE, settled)).to.deep.equal([]);
    const both = [ask(0, {}, { stratum: 8, referenceId: CHRONY_LOCAL_REFID }), ask(1, {}, { stratum: 8, referenceId: CHRONY_LOCAL_REFID })];
    expect(orphanProblems(OFFICE, both)).to.deep.equal(["ns2 (198.18.10.3) from lan: stratum 8 from 127.127.1.1, not stratum 9 from 198.18.10.2"]);
  });
});
