import { describe, it } from "node:test";
import { expect } from "chai";
import { labPlan } from "../synth/index.ts";
import { loadFixture } from "../testing/fixtures.ts";
import { addressPairs, macOf, withSiteAddresses } from "./addressing.ts";

describe("lab addressing", () => {
  it("makes a MAC address from the site address, as the engine would from its own", () => {
    expect(macOf("198.18.10.2")).to.equal("02:42:c6:12:0a:02");
    expect(macOf("10.0.0.255")).to.equal("02:42:0a:00:00:ff");
  });

  it("gives each interface of a container the site's address and prefix, found by the engine's subnet", async () => {
    const plan = labPlan(await loadFixture("small-office"), "office");
    const router = plan.containers.find((c) => c.key === "router")!;
    const placeholders = new Map(plan.networks.map((n, i) => [n.key, `172.${20 + i}.0.0/16`]));
    const triples = addressPairs(router, plan, placeholders).split(" ");
    expect(triples).to.have.length(router.networks.length);
    router.networks.forEach((n, i) => {
      const prefix = plan.networks.find((x) => x.key === n.network)!.subnet.split("/")[1];
      expect(triples[i]).to.equal(`${placeholders.get(n.network)}=${n.address}/${prefix}=${macOf(n.address)}`);
    });
  });

  it("refuses a network the lab did not make", async () => {
    const plan = labPlan(await loadFixture("small-office"), "office");
    const router = plan.containers.find((c) => c.key === "router")!;
    expect(() => addressPairs(router, plan, new Map())).to.throw(/which the lab did not make/);
  });

  it("runs the container's own command after taking the addresses", async () => {
    const plan = labPlan(await loadFixture("small-office"), "office");
    const router = plan.containers.find((c) => c.key === "router")!;
    const command = withSiteAddresses(router);
    expect(command.slice(0, 2)).to.deep.equal(["sh", "-c"]);
    expect(command.slice(4)).to.deep.equal([...router.command]);
    expect(command[2]).to.match(/exec "\$@"$/);
  });
});
