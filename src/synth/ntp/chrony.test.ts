import { expect } from "chai";
import { describe, it } from "node:test";
import { formatIpv4 } from "../../site/index.ts";
import { loadFixture } from "../../testing/fixtures.ts";
import { chronyConf } from "./chrony.ts";

describe("chrony.conf", () => {
  it("polls every upstream and the partner, serves the allowed networks, and falls back to orphan mode", async () => {
    const site = await loadFixture("campus");
    const [primary, standby] = site.nodes;
    const text = chronyConf(site, primary);
    for (const u of site.ntp.upstreams) expect(text).to.match(new RegExp(`^server ${formatIpv4(u)} iburst minpoll -1 maxpoll 0 maxunreach 4$`, "m"));
    expect(text).to.match(new RegExp(`^server ${formatIpv4(standby.interfaces[0]!.address)} iburst`, "m"));
    expect(text).to.not.include(`server ${formatIpv4(primary.interfaces[0]!.address)}`);
    // Eight polls of at most 2^0 s without a clock update, and the node serves its own clock.
    expect(text).to.match(/^local stratum 9 orphan distance 0\.0 waitsynced 8 waitunsynced 8$/m);
    for (const a of site.ntp.allow) expect(text).to.match(new RegExp(`^allow ${a.cidr.text.replace(/\./g, "\\.")}$`, "m"));
    // The guest segment is not in ntp.allow.
    expect(text).to.not.include("allow 198.18.30.0/24");
  });

  it("leaves the polling interval to chrony when the site does not set one", async () => {
    const site = await loadFixture("small-office");
    const plain = { ...site, ntp: { ...site.ntp, poll: undefined } };
    const text = chronyConf(plain, site.nodes[0]);
    expect(text).to.match(/^server 192\.0\.2\.123 iburst maxunreach 4$/m);
    // chrony's own maxpoll, 2^10 s: eight of those before the orphan stratum.
    expect(text).to.match(/^local stratum 8 orphan distance 0\.0 waitsynced 8192 waitunsynced 8192$/m);
  });
});
