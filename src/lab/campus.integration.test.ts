// The campus lab: four segments, two of them behind the site router, which
// relays DHCP to the pair. Clients on the relayed segments lease through the
// relay (tcpdump on their wire shows who delivered each reply and the relay
// address in it), and DNS serves the segments allowed to query while it
// refuses the guests.
import { after, before, describe, it } from "node:test";
import { expect } from "chai";
import { contains, formatIpv4 } from "../site/index.ts";
import type { Segment } from "../site/index.ts";
import { serviceAddress } from "../synth/index.ts";
import { labSession, running, startLab, stopLab } from "./testing/lab-session.ts";
import { answersOf, dhcpLeaseWatched, dig } from "./testing/referee.ts";
import { addresses, declaredRecord, inPools, segmentNamed } from "./testing/site-facts.ts";

const session = await labSession("campus");
const site = session.site;
const relayed = site.segments.filter((s) => s.relayed && s.dhcp);
const mayQuery = (s: Segment) => site.dns.allowQuery.some((n) => contains(n.cidr, s.gateway));
const labs = segmentNamed(site, "labs");
const guest = segmentNamed(site, "guest");
const pairAddresses = site.nodes.map((n) => formatIpv4(serviceAddress(n)));

describe("campus lab", { timeout: 300_000 }, () => {
  before(async () => {
    await startLab(session, "campus");
  });
  after(async () => {
    await stopLab(session);
  });

  it("relays DHCP for labs and guest, and lets labs query DNS but not guest (as the site says)", () => {
    expect(relayed.map((s) => s.name)).to.include.members([labs.name, guest.name]);
    expect(mayQuery(labs), `${labs.name} may query`).to.equal(true);
    expect(mayQuery(guest), `${guest.name} may query`).to.equal(false);
  });

  for (const segment of [labs, guest]) {
    // guest's options are its own (outside resolvers and time servers), labs' the pair's defaults.
    it(`${segment.name}: a client leases from its pool through the router's relay, with the segment's options`, async () => {
      const lab = running(session);
      const gateway = formatIpv4(segment.gateway);
      const options = segment.dhcp!.options;
      const { lease, replies } = await dhcpLeaseWatched(lab.docker, lab.containerName(`client-${segment.name}`));
      expect(lease, "a lease").to.not.equal(undefined);
      expect(inPools(segment, lease!.ip!), `${lease!.ip} in the pools of ${segment.name}`).to.equal(true);
      expect(pairAddresses, "the server that leased").to.include(lease!.serverid);
      expect(lease!.router).to.equal(addresses(options.routers));
      expect(lease!.dns).to.equal(addresses(options.dnsServers));
      expect(lease!.ntpsrv).to.equal(addresses(options.ntpServers));
      expect(lease!.domain).to.equal(options.domainName);
      expect(lease!.search).to.equal(options.domainSearch.join(" "));
      expect(Number(lease!.lease)).to.equal(segment.dhcp!.leaseTime);
      // Offer and ack both came from the relay, which put its own address on this segment in giaddr.
      expect(replies.map((r) => r.message)).to.deep.equal(["Offer", "ACK"]);
      for (const r of replies) {
        expect({ source: r.source, giaddr: r.giaddr, yiaddr: r.yiaddr, serverId: r.serverId }, `${r.message} as seen on ${segment.name}`).to.deep.equal({
          source: gateway,
          giaddr: gateway,
          yiaddr: lease!.ip,
          serverId: lease!.serverid,
        });
      }
    });
  }

  it("DNS answers the labs client at both nodes and refuses the guest client", async () => {
    const lab = running(session);
    const record = declaredRecord(site, "A");
    for (const server of pairAddresses) {
      const fromLabs = await dig(lab.docker, lab.containerName(`client-${labs.name}`), server, record.name, "A");
      expect(answersOf(fromLabs, "A"), `${record.name} from ${labs.name} at ${server}`).to.deep.equal([formatIpv4(record.data.address)]);
      const fromGuest = await dig(lab.docker, lab.containerName(`client-${guest.name}`), server, record.name, "A");
      expect(fromGuest.status, `${record.name} from ${guest.name} at ${server}`).to.equal("REFUSED");
    }
  });
});
