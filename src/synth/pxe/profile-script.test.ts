import { describe, it } from "node:test";
import { expect } from "chai";
import type { PxeProfile } from "../../site/index.ts";
import { loadFixture } from "../../testing/fixtures.ts";
import { profileScript } from "./profile-script.ts";

async function profile(name: string): Promise<PxeProfile> {
  const site = await loadFixture("campus");
  return site.pxe.profiles.find((p) => p.name === name)!;
}

function kernelLine(script: string): string[] {
  return script.split("\n").find((l) => l.startsWith("kernel "))!.split(" ");
}

describe("profileScript", () => {
  it("boots the live kernel with its initramfs and rootfs from the profile's artifacts", async () => {
    const p = await profile("fcos-live");
    const script = profileScript("campus", p);
    const base = `${p.artifactsUrl}fedora-coreos-${p.version}-live`;
    expect(script.startsWith("#!ipxe\n")).to.equal(true);
    const kernel = kernelLine(script);
    expect(kernel[1]).to.equal(`${base}-kernel-x86_64`);
    expect(kernel).to.include("initrd=main");
    expect(kernel).to.include(`coreos.live.rootfs_url=${base}-rootfs.x86_64.img`);
    expect(script).to.contain(`\ninitrd --name main ${base}-initramfs.x86_64.img || goto failed\n`);
    expect(script).to.contain("\nboot || goto failed\n");
  });

  it("live: runs Ignition from the profile's URL on first boot, with the profile's extra arguments", async () => {
    const p = await profile("fcos-live");
    const kernel = kernelLine(profileScript("campus", p));
    expect(kernel).to.include.members(["ignition.firstboot", "ignition.platform.id=metal", `ignition.config.url=${p.ignitionUrl}`, ...p.kernelArgs]);
    expect(kernel.some((a) => a.startsWith("coreos.inst."))).to.equal(false);
    expect(kernel.at(-4)).to.equal(p.kernelArgs[0]);
  });

  it("install: writes Fedora CoreOS to the install device with the profile's Ignition config", async () => {
    const p = await profile("fcos-install");
    const kernel = kernelLine(profileScript("campus", p));
    expect(kernel).to.include.members([`coreos.inst.install_dev=${p.installDevice}`, `coreos.inst.ignition_url=${p.ignitionUrl}`]);
    expect(kernel.some((a) => a.startsWith("ignition."))).to.equal(false);
  });

  it("names the profile's place in site.yaml when it has no version", async () => {
    const { version: _version, ...p } = await profile("fcos-live");
    expect(() => profileScript("campus", { ...p, artifactsUrl: "http://mirror.example/fcos/" })).to.throw(/fcos-live.*pxe\.profiles\.0.*version/);
  });
});
