import { describe, it } from "node:test";
import { expect } from "chai";
import { loadFixture } from "../testing/fixtures.ts";
import { clientView, probeQuestion } from "./client-models.ts";
import { breaksForwarding, deploymentChanges, describeChanges, forwardingBreaker, goodCandidate } from "./deployment-changes.ts";

describe("deployment changes", () => {
  it("small-office's next adds a record (and its PTR) and a new OS; broken-forwarder only moves the forwarders", async () => {
    const site = await loadFixture("small-office");
    const next = goodCandidate(site)!;
    expect(next.name).to.equal("next");
    expect(describeChanges(deploymentChanges(site, next))).to.deep.equal([
      "OS 42.20250914.3.0 → 42.20251012.3.0",
      "wiki.office.example.com. A 198.18.10.26 (new)",
      "26.10.18.198.in-addr.arpa. PTR wiki.office.example.com. (new)",
    ]);
    const broken = forwardingBreaker(site)!;
    expect(broken.name).to.equal("broken-forwarder");
    expect(breaksForwarding(site, broken)).to.equal(true);
    expect(describeChanges(deploymentChanges(site, broken))).to.deep.equal(["forwarders 192.0.2.53 → 203.0.113.99"]);
  });

  it("campus's next changes the lease time where the segment does not set its own", async () => {
    const site = await loadFixture("campus");
    const c = deploymentChanges(site, goodCandidate(site)!);
    expect(c.leaseTimes).to.deep.equal([{ segment: "servers", from: 3600, to: 5400 }]);
    expect(c.records).to.deep.equal([]);
    expect(forwardingBreaker(site)).to.equal(undefined);
  });

  it("a client's view: servers in DHCP's order, named after the nodes, and a question from the site", async () => {
    const site = await loadFixture("campus");
    const view = clientView(site, "servers");
    expect(view.dnsServers).to.deep.equal([
      { address: "198.18.20.2", node: "infra1" },
      { address: "198.18.20.3", node: "infra2" },
    ]);
    expect(view.dhcp).to.equal(true);
    expect(probeQuestion(site)).to.deep.include({ name: "mx1.campus.example.edu.", type: "A", data: ["198.18.20.25"] });
    expect(probeQuestion(await loadFixture("small-office"))).to.deep.include({ name: "mail.office.example.com.", data: ["198.18.10.25"] });
    expect(() => clientView(site, "nowhere")).to.throw(/no segment "nowhere"/);
  });
});
