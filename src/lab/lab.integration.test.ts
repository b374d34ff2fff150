// The small-office lab, brought up through the API and judged from its
// client with tools nobody here wrote: every service answers at both nodes,
// nothing in the lab can reach past it, and every node action has the effect
// an operator would see. One lab serves the whole file; each action test
// starts from the site as written.
import { after, before, beforeEach, describe, it } from "node:test";
import { expect } from "chai";
import { contains, formatIpv4, parseCidr, parseIpv4 } from "../site/index.ts";
import type { Node } from "../site/index.ts";
import { synth } from "../synth/index.ts";
import { UPSTREAM_ZONE } from "../synth/lab/support-files.ts";
import { readPlaceholders } from "./addressing.ts";
import { execIn } from "./exec.ts";
import { labStatus, performAction } from "./index.ts";
import type { Lab } from "./index.ts";
import { haState } from "./readiness.ts";
import { labSession, running, startLab, stopLab } from "./testing/lab-session.ts";
import { outsideTargets } from "./testing/outside.ts";
import { answersOf, dhcpLease, dig, eventually, httpGet, ntpServes, perfdhcp, ping, selectedNtpSource, tftpGet } from "./testing/referee.ts";
import { addedARecord, addresses, addressOf, declaredRecord, inPools, ptrTarget } from "./testing/site-facts.ts";

const session = await labSession("small-office");
const site = session.site;
const [primary, standby] = site.nodes;
const lan = site.segments[0]!;
const lanDhcp = lan.dhcp!;

const client = (lab: Lab) => lab.containerName(`client-${lan.name}`);
const ha = (lab: Lab, node: Node) => haState(lab.checkContext(), node);

/** Leases from the lan client until one comes from `node`. */
function leaseFrom(lab: Lab, node: Node, timeoutMs = 60_000) {
  return eventually(`a lease from ${node.hostname}`, timeoutMs, async () => {
    const lease = await dhcpLease(lab.docker, client(lab));
    if (lease?.serverid !== addressOf(node, lan.name)) throw new Error(lease ? `lease from ${lease.serverid}` : "no lease");
    return lease;
  });
}

function haReports(lab: Lab, node: Node, state: string, timeoutMs = 60_000) {
  return eventually(`${node.hostname}'s Kea HA in ${state}`, timeoutMs, async () => {
    const s = await ha(lab, node);
    if (s !== state) throw new Error(`HA state ${s}`);
    return s;
  });
}

async function dnsStatus(lab: Lab, node: Node, name: string, type = "A"): Promise<string> {
  return (await dig(lab.docker, client(lab), addressOf(node, lan.name), name, type, { tries: 1 })).status;
}

describe("small-office lab", { timeout: 600_000 }, () => {
  before(async () => {
    await startLab(session, "small-office");
  });
  after(async () => {
    await stopLab(session);
  });

  describe("every service answers from the client", () => {
    for (const node of site.nodes) {
      it(`DNS at ${node.hostname}: records, reverse, CNAME, SRV and forwarding`, async () => {
        const lab = running(session);
        const at = addressOf(node, lan.name);
        const q = (name: string, type: string, reverse = false) => dig(lab.docker, client(lab), at, name, type, { reverse });
        const a = declaredRecord(site, "A");
        expect(answersOf(await q(a.name, "A"), "A")).to.deep.equal([formatIpv4(a.data.address)]);
        expect(answersOf(await q(formatIpv4(a.data.address), "PTR", true), "PTR")).to.deep.equal([`${ptrTarget(site, a.data.address)}.`]);
        const cname = declaredRecord(site, "CNAME");
        expect(answersOf(await q(cname.name, "CNAME"), "CNAME")).to.deep.equal([`${cname.data.target}.`]);
        const srv = declaredRecord(site, "SRV");
        const { priority, weight, port, target } = srv.data;
        expect(answersOf(await q(srv.name, "SRV"), "SRV")).to.deep.equal([`${priority} ${weight} ${port} ${target}.`]);
        // A name outside the site: only the upstream stand-in knows it.
        const outside = UPSTREAM_ZONE.records.find((r) => r.type === "A")!;
        const forwarded = await q(outside.name, "A");
        expect(forwarded.status).to.equal("NOERROR");
        expect(answersOf(forwarded, "A")).to.deep.equal([outside.value]);
      });

      it(`NTP at ${node.hostname}: serves synchronised time, synced to the site's upstream`, async () => {
        const lab = running(session);
        expect(await ntpServes(lab.docker, client(lab), addressOf(node, lan.name)), "chronyd -Q against the node").to.equal(true);
        const upstreams = site.ntp.upstreams.map(formatIpv4);
        const selected = await eventually(`${node.hostname}'s chronyd selecting an upstream`, 30_000, async () => {
          const s = await selectedNtpSource(lab.docker, lab.containerName(`${node.hostname}-ntp`));
          return s !== undefined && upstreams.includes(s) ? s : undefined;
        });
        expect(upstreams).to.include(selected);
      });
    }

    it("DHCP: udhcpc gets a lease from the pool with the site's options", async () => {
      const lab = running(session);
      const lease = await dhcpLease(lab.docker, client(lab));
      expect(lease, "a lease").to.not.equal(undefined);
      expect(inPools(lan, lease!.ip!), `${lease!.ip} in the pools of ${lan.name}`).to.equal(true);
      expect(lease!.serverid).to.equal(addressOf(primary, lan.name));
      expect(lease!.router).to.equal(addresses(lanDhcp.options.routers));
      expect(lease!.dns).to.equal(addresses(lanDhcp.options.dnsServers));
      expect(lease!.ntpsrv).to.equal(addresses(lanDhcp.options.ntpServers));
      expect(lease!.domain).to.equal(lanDhcp.options.domainName);
      expect(lease!.search).to.equal(lanDhcp.options.domainSearch.join(" "));
      expect(Number(lease!.lease)).to.equal(lanDhcp.leaseTime);
    });

    it("DHCP: perfdhcp completes every 4-way exchange for several clients", async () => {
      const lab = running(session);
      const r = await perfdhcp(lab.docker, client(lab), 5);
      expect(r.exitCode, r.output).to.equal(0);
      for (const exchange of ["DISCOVER-OFFER", "REQUEST-ACK"]) {
        expect(r.exchanges[exchange], `${exchange}\n${r.output}`).to.deep.equal({ sent: 5, received: 5, drops: 0 });
      }
    });

    it("PXE: both nodes serve boot.ipxe over TFTP and HTTP, byte for byte as generated", async () => {
      const lab = running(session);
      const generated = synth(site).files.find((f) => f.path === "pxe/boot.ipxe")!.contents;
      for (const node of site.nodes) {
        const at = addressOf(node, lan.name);
        const tftp = await tftpGet(lab.docker, client(lab), at, "boot.ipxe");
        expect(tftp.exitCode, `TFTP from ${node.hostname}: ${tftp.stderr}`).to.equal(0);
        expect(tftp.stdout).to.equal(generated);
        const http = await httpGet(lab.docker, client(lab), `http://${at}:${site.pxe.httpPort}/boot.ipxe`);
        expect(http.exitCode, `HTTP from ${node.hostname}`).to.equal(0);
        expect(http.stdout).to.equal(generated);
      }
    });
  });

  it("no lab container can reach an address outside the lab", async () => {
    const lab = running(session);
    const docker = lab.docker;
    for (const n of lab.plan.networks) expect((await docker.getNetwork(n.name).inspect()).Internal, `${n.name} is internal`).to.equal(true);

    // Every container routes through the site router: the subnets the engine
    // picked for the bridges leave no address and no route inside the lab.
    const placeholders = [...(await readPlaceholders(docker, lab.plan)).values()].map((p) => parseCidr(p)!);
    const onEngineSubnets = (line: string) => (line.match(/\d+\.\d+\.\d+\.\d+/g) ?? []).some((a) => placeholders.some((p) => contains(p, parseIpv4(a)!)));
    const router = lab.containerName("router");
    for (const c of lab.plan.containers.filter((x) => !x.joins)) {
      for (const what of [["route", "show"], ["-o", "addr", "show"]]) {
        const lines = (await execIn(docker, c.name, ["ip", "-4", ...what])).stdout.trim().split("\n");
        expect(lines.filter(onEngineSubnets), `${c.name}'s ip ${what.join(" ")} on the engine's subnets`).to.deep.equal([]);
      }
    }
    expect((await execIn(docker, router, ["ip", "-4", "route", "show", "default"])).stdout.trim(), "the router's default route").to.equal("");

    const targets = outsideTargets(lab.plan);
    expect(targets.length, "addresses outside the lab to try").to.be.above(0);
    for (const t of targets) {
      const r = await execIn(docker, router, ["ip", "route", "get", t.address]);
      expect(r.exitCode, `the router has a route to ${t.address} (${t.what}): ${r.stdout}`).to.not.equal(0);
      expect(r.stderr).to.match(/unreachable/i);
    }
    // Only now, with the dead end shown, may a packet be tried: the router turns it back at once.
    for (const from of [client(lab), lab.containerName("outsider")]) {
      for (const t of targets) {
        const r = await ping(docker, from, t.address);
        expect(r.exitCode, `ping from ${from} to ${t.address} (${t.what})`).to.not.equal(0);
        expect(r.stdout, `ping from ${from} to ${t.address} (${t.what})`).to.match(/Unreachable/);
      }
    }
  });

  describe("node actions", () => {
    beforeEach(async () => {
      const lab = running(session);
      await lab.restore();
      await lab.waitUntilReady({ timeoutMs: 120_000 });
    });

    it("crash of the primary: the standby leases in partner-down; poweron: hot-standby again", async () => {
      const lab = running(session);
      await performAction(lab, primary, "crash");
      const lease = await leaseFrom(lab, standby);
      expect(inPools(lan, lease.ip!)).to.equal(true);
      expect(await haReports(lab, standby, "partner-down")).to.equal("partner-down");

      await performAction(lab, primary, "poweron");
      await lab.waitUntilReady({ timeoutMs: 120_000 });
      expect(await ha(lab, primary)).to.equal("hot-standby");
      expect(await ha(lab, standby)).to.equal("hot-standby");
      await leaseFrom(lab, primary);
    });

    it("reboot of the primary: it comes back with the same deployment, serving, in hot-standby", async () => {
      const lab = running(session);
      const startedAt = async () => (await lab.docker.getContainer(lab.containerName(`${primary.hostname}-dhcp`)).inspect()).State.StartedAt;
      const before = await startedAt();
      await performAction(lab, primary, "reboot");
      expect(await startedAt(), "Kea started anew").to.not.equal(before);
      await lab.waitUntilReady({ timeoutMs: 120_000 });
      const status = (await labStatus(lab)).nodes.find((n) => n.node === primary.hostname)!;
      expect({ deployment: status.deployment, power: status.power, ha: status.ha }).to.deep.equal({ deployment: "base", power: "on", ha: "hot-standby" });
      expect(await dnsStatus(lab, primary, site.domain, "SOA")).to.equal("NOERROR");
      await leaseFrom(lab, primary);
    });

    it("poweroff of the standby: it stops answering; poweron: it answers again", async () => {
      const lab = running(session);
      await performAction(lab, standby, "poweroff");
      expect(await dnsStatus(lab, standby, site.domain, "SOA"), "DNS of the powered-off standby").to.equal("NO-ANSWER");
      expect(await ntpServes(lab.docker, client(lab), addressOf(standby, lan.name)), "NTP of the powered-off standby").to.equal(false);
      expect(await dnsStatus(lab, primary, site.domain, "SOA")).to.equal("NOERROR");
      const status = (await labStatus(lab)).nodes.find((n) => n.node === standby.hostname)!;
      expect(status.power).to.equal("off");
      expect(status.services.every((s) => s.state === "absent"), JSON.stringify(status.services)).to.equal(true);

      await performAction(lab, standby, "poweron");
      await lab.waitUntilReady({ timeoutMs: 120_000 });
      expect(await dnsStatus(lab, standby, site.domain, "SOA")).to.equal("NOERROR");
      expect(await ha(lab, standby)).to.equal("hot-standby");
    });

    it(`partition ${lan.name} of the standby: its DNS goes silent while the primary answers; heal: it answers again`, async () => {
      const lab = running(session);
      await performAction(lab, standby, "partition", lan.name);
      expect(await dnsStatus(lab, standby, site.domain, "SOA"), "DNS of the cut-off standby").to.equal("NO-ANSWER");
      expect(await dnsStatus(lab, primary, site.domain, "SOA"), "DNS of the primary").to.equal("NOERROR");

      await performAction(lab, standby, "heal");
      expect(await dnsStatus(lab, standby, site.domain, "SOA"), "DNS of the healed standby").to.equal("NOERROR");
      await lab.waitUntilReady({ timeoutMs: 120_000 });
    });

    it("upgrade of the standby to next: it serves next's records and the primary does not; rollback: back to base", async () => {
      const lab = running(session);
      const wiki = addedARecord(site, "next");
      const at = (node: Node) => dig(lab.docker, client(lab), addressOf(node, lan.name), wiki.name, "A");
      await performAction(lab, standby, "upgrade", "next");
      await lab.waitUntilReady({ timeoutMs: 120_000 });
      expect(answersOf(await at(standby), "A"), `${wiki.name} at the upgraded standby`).to.deep.equal([wiki.address]);
      expect((await at(primary)).status, `${wiki.name} at the primary`).to.equal("NXDOMAIN");
      let status = (await labStatus(lab)).nodes.find((n) => n.node === standby.hostname)!;
      expect({ deployment: status.deployment, rollback: status.rollback }).to.deep.equal({ deployment: "next", rollback: "base" });

      await performAction(lab, standby, "rollback");
      await lab.waitUntilReady({ timeoutMs: 120_000 });
      expect((await at(standby)).status, `${wiki.name} at the rolled-back standby`).to.equal("NXDOMAIN");
      status = (await labStatus(lab)).nodes.find((n) => n.node === standby.hostname)!;
      expect({ deployment: status.deployment, rollback: status.rollback }).to.deep.equal({ deployment: "base", rollback: "next" });
    });

    it("skew 90 s on the standby: Kea stops HA (terminated); restore: hot-standby again", async () => {
      const lab = running(session);
      await performAction(lab, standby, "skew", "90");
      await haReports(lab, primary, "terminated");
      await haReports(lab, standby, "terminated");

      await lab.restore();
      await lab.waitUntilReady({ timeoutMs: 120_000 });
      expect(lab.isPristine()).to.equal(true);
      expect(await ha(lab, primary)).to.equal("hot-standby");
      expect(await ha(lab, standby)).to.equal("hot-standby");
    });
  });
});
