import { describe, it } from "node:test";
import { expect } from "chai";
import { FIXTURE_SITES, loadFixture } from "../../testing/fixtures.ts";
import { bootTree } from "./boot-tree.ts";

describe("bootTree", () => {
  for (const name of FIXTURE_SITES) {
    it(`on ${name}: the dispatch script and one script per profile, sorted, readable by the boot server`, async () => {
      const site = await loadFixture(name);
      const tree = bootTree(site);
      expect(tree.map((f) => f.path)).to.deep.equal(["boot.ipxe", ...site.pxe.profiles.map((p) => `profiles/${p.name}.ipxe`).sort()]);
      for (const f of tree) {
        expect(f.mode).to.equal(0o644);
        expect(f.contents.startsWith("#!ipxe\n")).to.equal(true);
        expect(f.contents.endsWith("\n")).to.equal(true);
      }
      expect(bootTree(site)).to.deep.equal(tree);
    });
  }

  it("leaves the iPXE binaries to the boot server image", async () => {
    const tree = bootTree(await loadFixture("campus"));
    expect(tree.map((f) => f.path)).to.not.include.members(["undionly.kpxe", "ipxe.efi"]);
  });
});
