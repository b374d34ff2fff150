import { describe, it } from "node:test";
import { expect } from "chai";
import { formatIpv4 } from "../../site/index.ts";
import type { Site } from "../../site/index.ts";
import { FIXTURE_SITES, loadFixture } from "../../testing/fixtures.ts";
import { CONTAINER, KEA_HOOKS_DIR } from "../layout.ts";
import { serviceAddress } from "../services.ts";
import { keaDhcp4Conf } from "./kea-dhcp4.ts";

// The parts of kea-dhcp4.conf the tests read; everything else stays unknown.
interface Dhcp4 {
  "interfaces-config": { interfaces: string[]; "dhcp-socket-type": string };
  "control-socket": { "socket-type": string; "socket-name": string };
  "lease-database": { type: string; persist: boolean; name: string; "lfc-interval": number };
  "hooks-libraries": { library: string; parameters?: { "high-availability": HaConfig[] } }[];
  "client-classes": { name: string; test: string; "next-server": string; "boot-file-name": string }[];
  subnet4: Subnet[];
  loggers: { name: string; output_options: { output: string }[]; severity: string }[];
}
interface HaConfig {
  "this-server-name": string;
  mode: string;
  "heartbeat-delay": number;
  "max-response-delay": number;
  "max-ack-delay": number;
  "max-unacked-clients": number;
  peers: { name: string; url: string; role: string; "auto-failover": boolean; "basic-auth-user": string; "basic-auth-password": string }[];
}
interface Subnet {
  id: number;
  subnet: string;
  relay?: { "ip-addresses": string[] };
  pools: { pool: string }[];
  "valid-lifetime": number;
  "renew-timer": number;
  "rebind-timer": number;
  "option-data": { name: string; data: string }[];
  reservations: { "hw-address": string; "ip-address": string; hostname?: string }[];
}

function parse(site: Site, node: Site["nodes"][number]): Dhcp4 {
  return (JSON.parse(keaDhcp4Conf(site, node)) as { Dhcp4: Dhcp4 }).Dhcp4;
}

function ha(conf: Dhcp4): HaConfig {
  const hook = conf["hooks-libraries"].find((h) => h.library.endsWith("/libdhcp_ha.so"));
  return hook!.parameters!["high-availability"][0]!;
}

describe("keaDhcp4Conf", () => {
  for (const name of FIXTURE_SITES) {
    describe(`on ${name}`, () => {
      it("is pretty-printed JSON ending in a newline, the same on every run", async () => {
        const site = await loadFixture(name);
        const text = keaDhcp4Conf(site, site.nodes[0]);
        expect(text.endsWith("}\n")).to.equal(true);
        expect(text).to.contain('\n  "Dhcp4": {\n');
        expect(keaDhcp4Conf(site, site.nodes[0])).to.equal(text);
      });

      it("listens everywhere with raw sockets, on the layout's socket and lease file", async () => {
        const site = await loadFixture(name);
        const conf = parse(site, site.nodes[0]);
        expect(conf["interfaces-config"]).to.deep.equal({ interfaces: ["*"], "dhcp-socket-type": "raw" });
        expect(conf["control-socket"]).to.deep.equal({ "socket-type": "unix", "socket-name": CONTAINER.keaSocket });
        expect(conf["lease-database"]).to.include({ type: "memfile", persist: true, name: CONTAINER.keaLeaseFile });
        expect(conf["lease-database"]["lfc-interval"]).to.be.above(0);
        expect(conf.loggers).to.deep.equal([{ name: "kea-dhcp4", output_options: [{ output: "stdout" }], severity: "INFO", debuglevel: 0 }]);
      });

      it("loads lease_cmds then ha by full path", async () => {
        const site = await loadFixture(name);
        const conf = parse(site, site.nodes[0]);
        expect(conf["hooks-libraries"].map((h) => h.library)).to.deep.equal([`${KEA_HOOKS_DIR}/libdhcp_lease_cmds.so`, `${KEA_HOOKS_DIR}/libdhcp_ha.so`]);
      });

      it("configures hot-standby with the site's timers, credentials and both peers' agents", async () => {
        const site = await loadFixture(name);
        const h = site.dhcp.ha;
        for (const node of site.nodes) {
          const c = ha(parse(site, node));
          expect(c).to.include({
            "this-server-name": node.hostname,
            mode: "hot-standby",
            "heartbeat-delay": h.heartbeatDelay,
            "max-response-delay": h.maxResponseDelay,
            "max-ack-delay": h.maxAckDelay,
            "max-unacked-clients": h.maxUnackedClients,
          });
          expect(c.peers).to.deep.equal(
            site.nodes.map((p) => ({
              name: p.hostname,
              url: `http://${formatIpv4(serviceAddress(p))}:${h.port}/`,
              role: p.role,
              "auto-failover": true,
              "basic-auth-user": h.user,
              "basic-auth-password": h.password,
            })),
          );
        }
      });

      it("has one subnet per DHCP segment with pools, timers, options and reservations from the site", async () => {
        const site = await loadFixture(name);
        const conf = parse(site, site.nodes[0]);
        const served = site.segments.filter((s) => s.dhcp);
        expect(conf.subnet4.map((s) => s.id)).to.deep.equal(served.map((s) => s.index + 1));
        for (const [i, seg] of served.entries()) {
          const sub = conf.subnet4[i]!;
          const d = seg.dhcp!;
          expect(sub.subnet).to.equal(seg.subnet.text);
          expect(sub.pools).to.deep.equal(d.pools.map((p) => ({ pool: `${formatIpv4(p.range.first)} - ${formatIpv4(p.range.last)}` })));
          expect(sub["valid-lifetime"]).to.equal(d.leaseTime);
          expect(sub["renew-timer"]).to.be.below(sub["rebind-timer"]);
          expect(sub["rebind-timer"]).to.be.below(sub["valid-lifetime"]);
          const options = Object.fromEntries(sub["option-data"].map((o) => [o.name, o.data]));
          expect(options).to.deep.equal({
            routers: d.options.routers.map(formatIpv4).join(", "),
            "domain-name-servers": d.options.dnsServers.map(formatIpv4).join(", "),
            "ntp-servers": d.options.ntpServers.map(formatIpv4).join(", "),
            "domain-name": d.options.domainName,
            "domain-search": d.options.domainSearch.join(", "),
          });
          expect(sub.reservations).to.deep.equal(
            d.reservations.map((r) => ({ "hw-address": r.mac, "ip-address": formatIpv4(r.ip), ...(r.hostname ? { hostname: r.hostname } : {}) })),
          );
          if (seg.relayed) expect(sub.relay).to.deep.equal({ "ip-addresses": [formatIpv4(seg.gateway)] });
          else expect(sub.relay).to.equal(undefined);
        }
      });

      it("sends iPXE the dispatch script over HTTP and firmware PXE an iPXE binary, from this node", async () => {
        const site = await loadFixture(name);
        for (const node of site.nodes) {
          const me = formatIpv4(serviceAddress(node));
          const classes = parse(site, node)["client-classes"];
          expect(classes.map((c) => [c.name, c["boot-file-name"]])).to.deep.equal([
            ["ipxe", `http://${me}:${site.pxe.httpPort}/boot.ipxe`],
            ["pxe-bios", "undionly.kpxe"],
            ["pxe-uefi-x64", "ipxe.efi"],
          ]);
          for (const c of classes) expect(c["next-server"]).to.equal(me);
          expect(classes[0]!.test).to.equal("option[77].hex == 'iPXE'");
          expect(classes[1]!.test).to.contain("option[93].hex == 0x0000");
          expect(classes[2]!.test).to.contain("option[93].hex == 0x0007").and.contain("option[93].hex == 0x0009");
          // A chainloaded iPXE still reports its firmware's architecture: the
          // binary classes must not match it, or it would loop.
          for (const c of classes.slice(1)) expect(c.test).to.contain("not (option[77].hex == 'iPXE')");
        }
      });

      it("differs between the nodes only in this-server-name and the boot server address", async () => {
        const site = await loadFixture(name);
        const [a, b] = site.nodes;
        const normalise = (node: typeof a) =>
          keaDhcp4Conf(site, node)
            .replace(`"this-server-name": "${node.hostname}"`, '"this-server-name": "X"')
            .replaceAll(`"next-server": "${formatIpv4(serviceAddress(node))}"`, '"next-server": "X"')
            .replace(`"http://${formatIpv4(serviceAddress(node))}:${site.pxe.httpPort}/boot.ipxe"`, '"http://X/boot.ipxe"');
        expect(keaDhcp4Conf(site, a)).to.not.equal(keaDhcp4Conf(site, b));
        expect(normalise(a)).to.equal(normalise(b));
      });
    });
  }

  it("lets Kea skip reservation lookups only when no reservation lies inside a pool", async () => {
    const site = await loadFixture("small-office");
    const lan = site.segments[0]!;
    const inPool = lan.dhcp!.pools[0]!.range.first + 5;
    const changed: Site = {
      ...site,
      segments: [{ ...lan, dhcp: { ...lan.dhcp!, reservations: [...lan.dhcp!.reservations, { mac: "52:54:00:0a:00:99", ip: inPool, at: [] }] } }],
    };
    const flag = (s: Site) => (JSON.parse(keaDhcp4Conf(s, s.nodes[0])) as { Dhcp4: { subnet4: Record<string, unknown>[] } }).Dhcp4.subnet4[0]!["reservations-out-of-pool"];
    expect(flag(site)).to.equal(true);
    expect(flag(changed)).to.equal(false);
  });

  it("leaves out an option the segment has no value for", async () => {
    const site = await loadFixture("small-office");
    const lan = site.segments[0]!;
    const changed: Site = { ...site, segments: [{ ...lan, dhcp: { ...lan.dhcp!, options: { ...lan.dhcp!.options, routers: [], ntpServers: [] } } }] };
    const conf = parse(changed, changed.nodes[0]);
    expect(conf.subnet4[0]!["option-data"].map((o) => o.name)).to.deep.equal(["domain-name-servers", "domain-name", "domain-search"]);
  });
});
