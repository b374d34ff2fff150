// Nothing of a lab outlives it: after `lab down`, after a harness killed
// half-way through `lab up` and a `lab prune`, and after Ctrl-C on `lab up`,
// the machine holds no container, network, volume, bridge rule, bridge, lab
// directory or process of the lab. The commands run as a user runs them.
import { after, before, describe, it } from "node:test";
import { expect } from "chai";
import { labPlan } from "../synth/index.ts";
import { fixturePath, loadFixture } from "../testing/fixtures.ts";
import { pruneLabs } from "./cleanup.ts";
import { engine } from "./engine.ts";
import { Lab } from "./lab.ts";
import { LabProbes } from "./probe-agents.ts";
import { runCli, startCli, untilContainers } from "./testing/cli.ts";
import { labTraces, leftoversOf, mergeTraces } from "./testing/leftovers.ts";
import { requireLabPrerequisites } from "./testing/prerequisites.ts";

const FIXTURE = "small-office";
const site = await loadFixture(FIXTURE);
const name = site.name;
const sitePath = fixturePath(FIXTURE);
const bridges = labPlan(site).networks.map((n) => n.bridge);
const docker = engine();
// Far enough into `lab up` that networks, rules, volumes and containers exist, before the nodes are all up.
const MIDWAY_CONTAINERS = 4;

describe("lab cleanup", { timeout: 300_000 }, () => {
  before(async () => {
    await requireLabPrerequisites(docker, site);
  });
  // Whatever a failed check left, the next test (and the next file) starts clean.
  after(async () => {
    await pruneLabs(docker, name);
  });

  it("lab down leaves nothing behind, probe agents included", async () => {
    const up = await runCli(["lab", "up", sitePath]);
    expect(up.code, up.output).to.equal(0);
    // A probe agent in a client's namespace, as scenario steps start them, ended as they end it.
    const probes = new LabProbes(await Lab.attach(name, docker));
    await probes.on(site.segments[0]!.name);
    const traces = await labTraces(docker, name);
    const before = await leftoversOf(docker, name, bridges, traces);
    // The checks see a running lab: otherwise "nothing left" would prove nothing.
    for (const kind of ["container", "network", "volume", "DOCKER-USER rule", "bridge", "lab directory", "process"]) {
      expect(before.some((l) => l.startsWith(kind)), `a running lab shows a ${kind}`).to.equal(true);
    }
    await probes.close();

    const down = await runCli(["lab", "down", "--name", name]);
    expect(down.code, down.output).to.equal(0);
    expect(await leftoversOf(docker, name, bridges, traces)).to.deep.equal([]);
  });

  it("a harness killed half-way through lab up leaves nothing once lab prune ran", async () => {
    const run = startCli(["lab", "up", sitePath]);
    await untilContainers(docker, name, MIDWAY_CONTAINERS, run);
    const early = await labTraces(docker, name);
    run.child.kill("SIGKILL");
    expect((await run.ended).signal).to.equal("SIGKILL");
    const traces = mergeTraces(early, await labTraces(docker, name));
    expect((await leftoversOf(docker, name, bridges)).length, "a killed lab up leaves a half-built lab for prune").to.be.above(0);

    const prune = await runCli(["lab", "prune", "--name", name]);
    expect(prune.code, prune.output).to.equal(0);
    expect(await leftoversOf(docker, name, bridges, traces)).to.deep.equal([]);
  });

  it("Ctrl-C on lab up exits 130 and leaves nothing behind", async () => {
    const run = startCli(["lab", "up", sitePath]);
    await untilContainers(docker, name, MIDWAY_CONTAINERS, run);
    const traces = await labTraces(docker, name);
    run.child.kill("SIGINT");
    const ended = await run.ended;
    expect(ended.code, run.output()).to.equal(130);
    expect(await leftoversOf(docker, name, bridges, traces)).to.deep.equal([]);
  });
});
