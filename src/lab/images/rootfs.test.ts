import { describe, it } from "node:test";
import { expect } from "chai";
import { join } from "node:path";
import { PATHS } from "./paths.ts";
import { mmdebstrapArgs, recipeLines } from "./rootfs.ts";

const recipe = { dir: join(PATHS.recipes, "base"), suite: "bookworm", hash: "f".repeat(64) };

describe("the base rootfs recipe", () => {
  it("reads list files without comments or blank lines", () => {
    expect(recipeLines("# c\n\n chrony \nkea-admin\n")).to.deep.equal(["chrony", "kea-admin"]);
  });

  it("turns into mmdebstrap arguments: options, packages, deb cache, then suite, output, sources", async () => {
    const args = await mmdebstrapArgs(recipe, "/out/rootfs.tar", "/cache/debs");
    expect(args).to.include("--variant=apt");
    const include = args.find((a) => a.startsWith("--include="))!.slice("--include=".length).split(",");
    for (const tool of ["kea-dhcp4-server", "kea-ctrl-agent", "kea-admin", "tftpd-hpa", "busybox", "isc-dhcp-relay", "bind9-dnsutils", "faketime", "ipxe", "tcpdump"]) {
      expect(include, tool).to.include(tool);
    }
    // chrony comes built from source (chrony-tool.ts), not from bookworm's 4.3.
    expect(include).to.not.include("chrony");
    expect(args).to.include("--setup-hook=sync-in /cache/debs /var/cache/apt/archives/");
    expect(args.slice(-4)).to.deep.equal(["--format=tar", "bookworm", "/out/rootfs.tar", join(recipe.dir, "sources.list")]);
  });

  it("goes without the deb cache when its path has a space", async () => {
    const args = await mmdebstrapArgs(recipe, "/out/rootfs.tar", "/my cache/debs");
    expect(args.some((a) => a.includes("sync-in"))).to.equal(false);
  });
});
