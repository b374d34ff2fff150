import { describe, it } from "node:test";
import { expect } from "chai";
import { formatIpv4 } from "../../site/index.ts";
import type { Site } from "../../site/index.ts";
import { loadFixture } from "../../testing/fixtures.ts";
import { dispatchScript } from "./dispatch-script.ts";

/** The label a line jumps to, and the label's own chain target. */
function targetOf(script: string, line: string): string {
  const label = /goto (\S+)/.exec(line)![1]!;
  const lines = script.split("\n");
  const at = lines.indexOf(`:${label}`);
  expect(at, `label :${label}`).to.be.above(-1);
  return lines[at + 1]!;
}

describe("dispatchScript", () => {
  it("is an iPXE script that builds its URLs from next-server and the HTTP port", async () => {
    const site = await loadFixture("campus");
    const script = dispatchScript(site);
    expect(script.startsWith("#!ipxe\n")).to.equal(true);
    expect(script).to.contain(`set boot-url http://\${next-server}:${site.pxe.httpPort}\n`);
    expect(script).to.not.match(/198\.18\.20\.[23]\b/);
  });

  it("sends a reserved machine to its own profile before its segment's", async () => {
    const site = await loadFixture("campus");
    const script = dispatchScript(site);
    const lines = script.split("\n");
    const mac = lines.findIndex((l) => l.startsWith("iseq ${netX/mac} 52:54:00:15:00:50 "));
    const staff = lines.findIndex((l) => l.startsWith("iseq x${netX/gateway} x198.18.21.1 "));
    expect(mac).to.be.above(-1);
    expect(staff).to.be.above(mac);
    expect(targetOf(script, lines[mac]!)).to.equal("chain ${boot-url}/profiles/fcos-install.ipxe || goto failed");
    expect(targetOf(script, lines[staff]!)).to.equal("chain ${boot-url}/profiles/fcos-live.ipxe || goto failed");
  });

  it("recognises each segment with a profile by its router, and no other segment", async () => {
    const site = await loadFixture("campus");
    const script = dispatchScript(site);
    const gateways = [...script.matchAll(/^iseq x\$\{netX\/gateway\} x(\S+) /gm)].map((m) => m[1]);
    expect(gateways).to.deep.equal(site.segments.filter((s) => s.pxe).map((s) => formatIpv4(s.dhcp!.options.routers[0]!)));
  });

  it("boots anything else from local disk", async () => {
    const site = await loadFixture("small-office");
    const script = dispatchScript(site);
    const lines = script.split("\n");
    const firstLabel = lines.findIndex((l) => l.startsWith(":"));
    expect(lines.slice(0, firstLabel).filter((l) => l.trim() === "exit")).to.have.length(1);
    expect(script).to.not.contain("gateway} x");
  });

  it("jumps only to labels it defines, each defined once", async () => {
    for (const name of ["small-office", "campus"]) {
      const script = dispatchScript(await loadFixture(name));
      const labels = script.split("\n").filter((l) => l.startsWith(":"));
      expect(new Set(labels).size).to.equal(labels.length);
      for (const m of script.matchAll(/goto (\S+)/g)) expect(labels).to.include(`:${m[1]}`);
    }
  });

  it("needs no profile labels when nothing boots over the network", async () => {
    const site = await loadFixture("small-office");
    const bare: Site = {
      ...site,
      segments: site.segments.map((s) => ({ ...s, dhcp: s.dhcp && { ...s.dhcp, reservations: s.dhcp.reservations.map(({ pxe: _pxe, ...r }) => r) } })),
    };
    const script = dispatchScript(bare);
    expect(script).to.not.match(/^iseq /m);
    expect(script).to.not.contain(":profile-");
  });
});
