// Another network on the site's subnets: a lab left dead by an engine
// restart gives way to the next `lab up`; a live lab or a network that is no
// lab's stops it with their names and what to do, and leaves nothing behind.
import { after, before, describe, it } from "node:test";
import { expect } from "chai";
import { DEFAULT_LAB_BASE_IMAGE, labPlan } from "../synth/index.ts";
import { fixturePath, loadFixture } from "../testing/fixtures.ts";
import { pruneLabs } from "./cleanup.ts";
import { engine } from "./engine.ts";
import { LAB_LABEL } from "./labels.ts";
import { runCli } from "./testing/cli.ts";
import { leftoversOf } from "./testing/leftovers.ts";
import { requireLabPrerequisites } from "./testing/prerequisites.ts";

const FIXTURE = "small-office";
const site = await loadFixture(FIXTURE);
const sitePath = fixturePath(FIXTURE);
const plan = labPlan(site);
const bridges = plan.networks.map((n) => n.bridge);
const uplink = plan.networks.find((n) => n.segment === undefined)!;
const docker = engine();
const HOLDER = "holder-test";
const FOREIGN = "coreos-infra-test-foreign";

async function removeForeign(): Promise<void> {
  for (const n of await docker.listNetworks({ filters: JSON.stringify({ name: [FOREIGN] }) })) await docker.getNetwork(n.Id).remove();
}

/** A lab's network on the uplink's subnet, as a run that never reached `lab down` leaves it. */
async function holderNetwork(): Promise<string> {
  const created = await docker.createNetwork({
    Name: `${HOLDER}-uplink1`,
    Internal: true,
    Options: { "com.docker.network.bridge.inhibit_ipv4": "true" },
    IPAM: { Driver: "default", Config: [{ Subnet: uplink.subnet }] },
    Labels: { [LAB_LABEL]: HOLDER },
  });
  return created.id;
}

describe("lab up beside other networks on the site's subnets", { timeout: 300_000 }, () => {
  before(async () => {
    await requireLabPrerequisites(docker, site);
    await pruneLabs(docker, HOLDER);
    await removeForeign();
  });
  after(async () => {
    await pruneLabs(docker, HOLDER);
    await pruneLabs(docker, site.name);
    await removeForeign();
  });

  it("a dead lab on the site's subnets is removed and the new lab comes up", async () => {
    await holderNetwork();
    const up = await runCli(["lab", "up", sitePath, "--no-wait"]);
    expect(up.code, up.output).to.equal(0);
    expect(up.output).to.include(`lab ${HOLDER} was left behind by an earlier run`);
    expect(await leftoversOf(docker, HOLDER, [])).to.deep.equal([]);
    const down = await runCli(["lab", "down", "--name", site.name]);
    expect(down.code, down.output).to.equal(0);
  });

  it("a running lab on the site's subnets stops lab up, named with the command that frees them", async () => {
    const network = await holderNetwork();
    const keeper = await docker.createContainer({
      name: `${HOLDER}-keeper`,
      Image: DEFAULT_LAB_BASE_IMAGE,
      Cmd: ["sleep", "infinity"],
      Labels: { [LAB_LABEL]: HOLDER },
      HostConfig: { NetworkMode: network },
    });
    await keeper.start();
    const up = await runCli(["lab", "up", sitePath, "--no-wait"]);
    expect(up.code, up.output).to.equal(1);
    expect(up.output).to.include(`network ${HOLDER}-uplink1 holds ${uplink.subnet} for lab ${HOLDER}, which is running`);
    expect(up.output).to.include(`coreos-infra lab down --name ${HOLDER}`);
    expect((await keeper.inspect()).State.Running, "the running lab is left alone").to.equal(true);
    expect(await leftoversOf(docker, site.name, bridges), "the lab that could not be built leaves nothing").to.deep.equal([]);
    await pruneLabs(docker, HOLDER);
  });

  it("a network of no lab on the site's subnets stops lab up and is left alone", async () => {
    const lan = plan.networks.find((n) => n.segment !== undefined)!;
    await docker.createNetwork({ Name: FOREIGN, Internal: true, IPAM: { Driver: "default", Config: [{ Subnet: lan.subnet }] } });
    const up = await runCli(["lab", "up", sitePath, "--no-wait"]);
    expect(up.code, up.output).to.equal(1);
    expect(up.output).to.include(`network ${FOREIGN} holds ${lan.subnet} and belongs to no coreos-infra lab`);
    expect((await docker.listNetworks({ filters: JSON.stringify({ name: [FOREIGN] }) })).length).to.equal(1);
    expect(await leftoversOf(docker, site.name, bridges)).to.deep.equal([]);
  });
});
