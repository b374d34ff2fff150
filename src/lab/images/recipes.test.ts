import { describe, it } from "node:test";
import { expect } from "chai";
import { DEFAULTS } from "../../site/index.ts";
import { PATHS } from "./paths.ts";
import { corednsVersionOf, LAB_BASE_IMAGE, planBase, planService } from "./recipes.ts";

describe("image recipes", () => {
  it("plan the site's default images from lab/images", async () => {
    const base = await planBase(PATHS.recipes);
    expect(base.ref).to.equal(LAB_BASE_IMAGE);
    expect(base.files.map((f) => f.path)).to.include.members(["Dockerfile", "packages.txt", "mmdebstrap.options", "sources.list"]);
    const dns = await planService(PATHS.recipes, "dns", DEFAULTS.images.dns, base);
    const dhcp = await planService(PATHS.recipes, "dhcp", DEFAULTS.images.dhcp, base);
    const boot = await planService(PATHS.recipes, "boot", DEFAULTS.images.boot, base);
    expect(dns.params.corednsVersion).to.equal("1.12.4");
    expect(dhcp.params.keaVersion).to.equal("2.2.0");
    expect(boot.files.find((f) => f.path === "boot-server")?.executable).to.equal(true);
    expect(new Set([base.hash, dns.hash, dhcp.hash, boot.hash]).size).to.equal(4);
  });

  it("give a derived image a new hash when the base changes, and CoreDNS none", async () => {
    const base = await planBase(PATHS.recipes);
    const otherBase = { ...base, hash: "0".repeat(64) };
    const boot = (b: typeof base) => planService(PATHS.recipes, "boot", DEFAULTS.images.boot, b);
    const dns = (b: typeof base) => planService(PATHS.recipes, "dns", DEFAULTS.images.dns, b);
    expect((await boot(base)).hash).to.not.equal((await boot(otherBase)).hash);
    expect((await dns(base)).hash).to.equal((await dns(otherBase)).hash);
  });

  it("read the CoreDNS version from the dns image's tag, or say how to pin one", () => {
    expect(corednsVersionOf("docker.io/coredns/coredns:v1.11.3")).to.equal("1.11.3");
    expect(() => corednsVersionOf("docker.io/coredns/coredns:latest")).to.throw(/tag names none.*coredns:1\.12\.4.*--pull/);
    expect(() => corednsVersionOf("docker.io/coredns/coredns:1.12")).to.throw(/tag names none/);
  });
});
