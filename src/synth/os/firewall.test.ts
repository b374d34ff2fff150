import { describe, it } from "node:test";
import { expect } from "chai";
import { formatIpv4 } from "../../site/index.ts";
import { loadFixture } from "../../testing/fixtures.ts";
import { HOST } from "../layout.ts";
import { FIREWALL_TABLE, FIREWALL_UNIT, firewall } from "./firewall.ts";

const office = await loadFixture("small-office");
const campus = await loadFixture("campus");

/** Rule lines of the ruleset, comments and blank lines left out. */
function rules(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

describe("firewall", () => {
  it("writes the ruleset where the unit loads it from", () => {
    const { file, unit } = firewall(office, office.nodes[0]);
    expect(file.path).to.equal(HOST.firewall);
    expect(file.mode).to.equal(0o644);
    expect(unit.contents).to.include(`ExecStart=/usr/sbin/nft -f ${HOST.firewall}\n`);
  });

  it("opens the control agent port to the partner's addresses and loopback only", () => {
    const port = office.dhcp.ha.port;
    const r = rules(firewall(office, office.nodes[0]).file.contents);
    expect(r).to.include("elements = { 198.18.10.3 }");
    expect(r).to.include(`tcp dport ${port} iif "lo" accept`);
    expect(r).to.include(`tcp dport ${port} ip saddr @ha_partner accept`);
    expect(r).to.include(`tcp dport ${port} counter drop`);
    // The drop comes after both accepts, and nothing but that port is touched.
    const verdicts = r.filter((l) => / (accept|drop)$/.test(l));
    expect(verdicts).to.have.length(3);
    expect(verdicts[2]).to.match(/ drop$/);
    expect(verdicts.every((l) => l.startsWith(`tcp dport ${port} `))).to.equal(true);
    expect(r).to.include("type filter hook input priority filter; policy accept;");
  });

  it("lists every address of the partner, on each node", () => {
    for (const node of campus.nodes) {
      const partner = campus.nodes.find((n) => n !== node)!;
      const text = firewall(campus, node).file.contents;
      const expected = partner.interfaces.map((i) => formatIpv4(i.address));
      expect(expected.length).to.be.greaterThan(1);
      expect(text).to.include(`elements = { ${expected.join(", ")} }`);
      for (const own of node.interfaces) expect(text).not.to.include(formatIpv4(own.address));
    }
  });

  it("replaces its own table when loaded again, touching no other", () => {
    const r = rules(firewall(office, office.nodes[1]).file.contents);
    expect(r.slice(0, 3)).to.deep.equal([`table inet ${FIREWALL_TABLE}`, `delete table inet ${FIREWALL_TABLE}`, `table inet ${FIREWALL_TABLE} {`]);
    expect(r.filter((l) => /^(flush|delete) /.test(l))).to.deep.equal([`delete table inet ${FIREWALL_TABLE}`]);
  });

  it("follows the port the site sets", () => {
    const site = { ...office, dhcp: { ...office.dhcp, ha: { ...office.dhcp.ha, port: 8123 } } };
    expect(firewall(site, site.nodes[0]).file.contents).to.include("tcp dport 8123 ip saddr @ha_partner accept");
  });

  it("is an enabled oneshot that stays active and comes before the control agent", () => {
    const { unit } = firewall(office, office.nodes[0]);
    expect(unit.name).to.equal(FIREWALL_UNIT);
    expect(unit.enabled).to.equal(true);
    const lines = unit.contents.split("\n");
    for (const want of ["Type=oneshot", "RemainAfterExit=yes", "WantedBy=multi-user.target"]) expect(lines).to.include(want);
    const before = lines.find((l) => l.startsWith("Before="))!.slice("Before=".length).split(" ");
    expect(before).to.include("kea-ctrl-agent.service");
  });
});
