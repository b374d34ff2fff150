import { describe, it } from "node:test";
import { expect } from "chai";
import { formatIpv4 } from "../../site/index.ts";
import type { Node, Site } from "../../site/index.ts";
import { FIXTURE_SITES, loadFixture } from "../../testing/fixtures.ts";
import { serviceAddress } from "../services.ts";
import { corefile } from "./corefile.ts";

interface Block {
  readonly key: string;
  /** Top-level directives of the block, nested blocks folded into their opening line. */
  readonly directives: string[];
  readonly text: string;
}

/** Splits a Corefile into its server blocks (enough of the grammar for what corefile() writes). */
function serverBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: { key: string; directives: string[]; lines: string[] } | undefined;
  let depth = 0;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (depth === 0) {
      if (line === "" || line.startsWith("#")) continue;
      const m = /^(\S+) \{$/.exec(line);
      if (!m) throw new Error(`unexpected line outside a block: ${raw}`);
      current = { key: m[1]!, directives: [], lines: [] };
      depth = 1;
      continue;
    }
    if (line === "}") {
      depth -= 1;
      if (depth === 0) {
        blocks.push({ key: current!.key, directives: current!.directives, text: current!.lines.join("\n") });
        current = undefined;
      } else current!.lines.push(line);
      continue;
    }
    if (depth === 1) current!.directives.push(line.replace(/ \{$/, ""));
    if (line.endsWith("{")) depth += 1;
    current!.lines.push(line);
  }
  expect(depth, "unbalanced braces").to.equal(0);
  return blocks;
}

const addresses = (node: Node): string[] => node.interfaces.map((i) => formatIpv4(i.address));
const count = (blocks: readonly Block[], name: string): number => blocks.flatMap((b) => b.directives).filter((d) => d.split(" ")[0] === name).length;

describe("corefile", () => {
  for (const name of FIXTURE_SITES) {
    describe(name, () => {
      it("has one block per zone, then the forwarding block", async () => {
        const site = await loadFixture(name);
        const blocks = serverBlocks(corefile(site, site.nodes[0]));
        expect(blocks.map((b) => b.key)).to.deep.equal([...site.dns.zones.map((z) => z.name), "."]);
      });

      it("serves each zone from its file under the container's zones directory", async () => {
        const site = await loadFixture(name);
        const blocks = serverBlocks(corefile(site, site.nodes[0]));
        for (const zone of site.dns.zones) {
          const block = blocks.find((b) => b.key === zone.name)!;
          expect(block.directives).to.include(`file /etc/coredns/zones/db.${zone.name}`);
          expect(block.text).not.to.include("forward");
        }
      });

      it("forwards everything else to the site's forwarders, with a cache", async () => {
        const site = await loadFixture(name);
        const root = serverBlocks(corefile(site, site.nodes[0])).find((b) => b.key === ".")!;
        expect(root.directives).to.include(`forward . ${site.dns.forwarders.map(formatIpv4).join(" ")}`);
        expect(root.directives).to.include("cache");
      });

      for (const index of [0, 1] as const) {
        it(`binds every block of node ${index} to that node's addresses only`, async () => {
          const site = await loadFixture(name);
          const node = site.nodes[index];
          for (const block of serverBlocks(corefile(site, node))) {
            expect(block.directives).to.include(`bind ${addresses(node).join(" ")}`);
            expect(count([block], "bind")).to.equal(1);
          }
        });

        it(`limits every block of node ${index} to allowed networks, refusing the rest`, async () => {
          const site = await loadFixture(name);
          const node = site.nodes[index];
          const pair = site.nodes.flatMap((n) => addresses(n).map((a) => `${a}/32`));
          const allowed = [...site.dns.allowQuery.map((n) => n.cidr.text), ...pair, "127.0.0.0/8"];
          for (const block of serverBlocks(corefile(site, node))) {
            expect(block.text).to.include(`acl {\nallow net ${allowed.join(" ")}\nblock\n}`);
            expect(block.directives).to.include.members(["errors", "log"]);
          }
        });

        it(`puts health and ready once and metrics in every block, on node ${index}'s service address`, async () => {
          const site = await loadFixture(name);
          const node = site.nodes[index];
          const service = formatIpv4(serviceAddress(node));
          const blocks = serverBlocks(corefile(site, node));
          expect(count(blocks, "health")).to.equal(1);
          expect(count(blocks, "ready")).to.equal(1);
          expect(count(blocks, "reload")).to.equal(1);
          expect(blocks[0]!.directives).to.include.members([`health ${service}:8080`, `ready ${service}:8181`]);
          for (const block of blocks) expect(block.directives).to.include(`prometheus ${service}:9153`);
        });
      }

      it("differs between the nodes only in the node's own addresses and name", async () => {
        const site = await loadFixture(name);
        const [primary, standby] = site.nodes;
        let text = corefile(site, primary);
        for (const [i, iface] of primary.interfaces.entries()) {
          text = text.replaceAll(`bind ${addresses(primary).join(" ")}`, `bind ${addresses(standby).join(" ")}`);
          text = text.replaceAll(` ${formatIpv4(iface.address)}:`, ` ${formatIpv4(standby.interfaces[i]!.address)}:`);
        }
        text = text.replace(`${primary.hostname} (primary)`, `${standby.hostname} (standby)`);
        expect(text).to.equal(corefile(site, standby));
      });

      it("is deterministic", async () => {
        const a = await loadFixture(name);
        const b = await loadFixture(name);
        expect(corefile(a, a.nodes[1])).to.equal(corefile(b, b.nodes[1]));
      });
    });
  }

  it("leaves guest networks out of the allowed sources", async () => {
    const site = await loadFixture("campus");
    const text = corefile(site, site.nodes[0]);
    expect(text).not.to.include("198.18.30.0/24");
  });

  it("has no forwarding block when the site has no forwarders", async () => {
    const site = await loadFixture("small-office");
    const closed: Site = { ...site, dns: { ...site.dns, forwarders: [] } };
    const blocks = serverBlocks(corefile(closed, closed.nodes[0]));
    expect(blocks.map((b) => b.key)).to.deep.equal(site.dns.zones.map((z) => z.name));
    expect(count(blocks, "health")).to.equal(1);
  });
});
