import { describe, it } from "node:test";
import { expect } from "chai";
import { loadFixture } from "../testing/fixtures.ts";
import { ACTION_WORDS, clientGiveUpMs, nameOfAddress, slug } from "./failover-run.ts";

describe("failover run", () => {
  it("names timeline files after their scenario", () => {
    expect(slug("while a client probes DNS, NTP and DHCP continuously, the primary crashes")).to.equal("while-a-client-probes-dns-ntp-and-dhcp-continuously-the-primary-crashes");
    expect(slug("!!!")).to.equal("scenario");
  });

  it("maps the feature's words to the lab's actions", () => {
    expect(ACTION_WORDS).to.deep.equal({ reboots: "reboot", crashes: "crash", "powers off": "poweroff", "is cut off from its first segment": "partition" });
  });

  it("names the pair's addresses after the nodes, whatever the segment", async () => {
    const nameOf = nameOfAddress(await loadFixture("campus"));
    expect([nameOf("198.18.20.2"), nameOf("198.18.21.3"), nameOf("192.0.2.1")]).to.deep.equal(["infra1", "infra2", "192.0.2.1"]);
  });

  it("lets a DHCP probe client run as long as the longest wait any action's bound allows", async () => {
    // small-office: a client stranded when a rebooted node takes the service back waits longest: the reboot's
    // outage (18 s), its REQUEST's whole schedule at the latest (5 + 9 + 17 + 33 + 65 s), plus the agent's slack.
    expect(clientGiveUpMs((await loadFixture("small-office")).dhcp.ha)).to.equal(18_000 + 129_000 + 5000);
  });
});
