// Two labs of one site at once, beside a network of the machine that uses
// one of the site's subnets: each lab comes up with `lab up`, serves DNS and
// DHCP at the site's own addresses on its own segments, does not notice
// what happens to the other, and goes with `lab down` leaving the other
// serving and nothing of itself behind. Nodes keep their MAC addresses
// across reboots, as hosts do.
import { after, before, describe, it } from "node:test";
import { expect } from "chai";
import { formatIpv4 } from "../site/index.ts";
import { labPlan } from "../synth/index.ts";
import { fixturePath, loadFixture } from "../testing/fixtures.ts";
import { macOf } from "./addressing.ts";
import { pruneLabs } from "./cleanup.ts";
import { engine } from "./engine.ts";
import { execIn } from "./exec.ts";
import { Lab } from "./lab.ts";
import { performAction } from "./perform.ts";
import { runCli } from "./testing/cli.ts";
import { leftoversOf } from "./testing/leftovers.ts";
import { requireLabPrerequisites } from "./testing/prerequisites.ts";
import { answersOf, dhcpLease, dig } from "./testing/referee.ts";
import { addressOf, declaredRecord, inPools } from "./testing/site-facts.ts";

const FIXTURE = "small-office";
const site = await loadFixture(FIXTURE);
const sitePath = fixturePath(FIXTURE);
const LABS = ["side-a", "side-b"] as const;
const FOREIGN = "coreos-infra-test-foreign";
const docker = engine();
const [primary] = site.nodes;
const lan = site.segments[0]!;
const record = declaredRecord(site, "A");

async function removeForeign(): Promise<void> {
  for (const n of await docker.listNetworks({ filters: JSON.stringify({ name: [FOREIGN] }) })) await docker.getNetwork(n.Id).remove();
}

const client = (lab: string) => `${lab}-client-${lan.name}`;

/** What the lab's lan client gets for a record of the site from the primary. */
async function primaryAnswers(lab: string): Promise<string[]> {
  return answersOf(await dig(docker, client(lab), addressOf(primary, lan.name), record.name, "A"), "A");
}

describe("two labs of one site side by side", { timeout: 300_000 }, () => {
  before(async () => {
    await requireLabPrerequisites(docker, site);
    for (const lab of LABS) await pruneLabs(docker, lab);
    await removeForeign();
  });
  after(async () => {
    for (const lab of LABS) await pruneLabs(docker, lab);
    await removeForeign();
  });

  it("both come up beside a network of the machine on the site's subnet", async () => {
    await docker.createNetwork({ Name: FOREIGN, Internal: true, IPAM: { Driver: "default", Config: [{ Subnet: lan.subnet.text }] } });
    const ups = await Promise.all(LABS.map((lab) => runCli(["lab", "up", sitePath, "--name", lab, "--no-wait"])));
    ups.forEach((up, i) => expect(up.code, `lab up ${LABS[i]}: ${up.output}`).to.equal(0));
    await Promise.all(LABS.map(async (lab) => (await Lab.attach(lab, docker)).waitUntilReady({ timeoutMs: 120_000 })));
    expect((await docker.listNetworks({ filters: JSON.stringify({ name: [FOREIGN] }) })).length, "the machine's network is left alone").to.equal(1);
  });

  it("each serves the site's answers and leases at the site's addresses", async () => {
    for (const lab of LABS) {
      expect(await primaryAnswers(lab), `${record.name} from ${lab}'s primary`).to.deep.equal([formatIpv4(record.data.address)]);
      const lease = await dhcpLease(docker, client(lab));
      expect(lease, `a lease on ${lab}'s ${lan.name}`).to.not.equal(undefined);
      expect(inPools(lan, lease!.ip!), `${lease!.ip} in ${lan.name}'s pools`).to.equal(true);
      expect(site.nodes.map((n) => addressOf(n, lan.name))).to.include(lease!.serverid);
    }
  });

  it("a node crashed in one lab is still up in the other", async () => {
    await performAction(await Lab.attach(LABS[0], docker), primary, "crash");
    const gone = await dig(docker, client(LABS[0]), addressOf(primary, lan.name), record.name, "A", { tries: 1 });
    expect(gone.status, `${LABS[0]}'s crashed primary`).to.equal("NO-ANSWER");
    expect(await primaryAnswers(LABS[1]), `${LABS[1]}'s primary`).to.deep.equal([formatIpv4(record.data.address)]);
  });

  it("a node keeps the MAC address of its site address across a reboot, in both labs alike", async () => {
    const lab = await Lab.attach(LABS[1], docker);
    const mac = async (l: string) => {
      const r = await execIn(docker, `${l}-${primary.hostname}`, ["ip", "-o", "-4", "addr", "show", "to", addressOf(primary, lan.name)]);
      const dev = r.stdout.trim().split(/\s+/)[1]!;
      return (await execIn(docker, `${l}-${primary.hostname}`, ["cat", `/sys/class/net/${dev}/address`])).stdout.trim();
    };
    expect(await mac(LABS[1])).to.equal(macOf(addressOf(primary, lan.name)));
    await performAction(lab, primary, "reboot");
    expect(await mac(LABS[1]), "after the reboot").to.equal(macOf(addressOf(primary, lan.name)));
    await lab.waitUntilReady({ timeoutMs: 120_000 });
  });

  it("lab down takes one lab and leaves the other serving", async () => {
    const down = await runCli(["lab", "down", "--name", LABS[0]]);
    expect(down.code, down.output).to.equal(0);
    expect(await leftoversOf(docker, LABS[0], labPlan(site, LABS[0]).networks.map((n) => n.bridge))).to.deep.equal([]);
    expect(await primaryAnswers(LABS[1]), `${LABS[1]}'s primary after ${LABS[0]} went`).to.deep.equal([formatIpv4(record.data.address)]);
  });
});
