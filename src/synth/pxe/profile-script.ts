// One iPXE script per PXE profile: boot the Fedora CoreOS live image, either
// to run from RAM with the profile's Ignition config (live) or to write
// Fedora CoreOS to a disk with it (install).
import type { PxeProfile } from "../../site/index.ts";
import { fcosArtifacts } from "./fcos-artifacts.ts";

export function profileScript(siteName: string, profile: PxeProfile): string {
  const a = fcosArtifacts(profile);
  const provisioning =
    profile.kind === "live"
      ? ["ignition.firstboot", "ignition.platform.id=metal", `ignition.config.url=${profile.ignitionUrl}`]
      : [`coreos.inst.install_dev=${profile.installDevice}`, `coreos.inst.ignition_url=${profile.ignitionUrl}`];
  // initrd=main names the initramfs for the kernel: UEFI kernels load only
  // the initrds their command line names.
  const args = ["initrd=main", `coreos.live.rootfs_url=${a.rootfs}`, ...provisioning, ...profile.kernelArgs];
  const what = profile.kind === "live" ? "runs from RAM" : `installs to ${profile.installDevice}`;
  return [
    "#!ipxe",
    `# PXE profile ${profile.name} of site ${siteName}: Fedora CoreOS ${a.version} (${profile.stream}) ${what}.`,
    "# Generated: edit site.yaml instead.",
    "",
    `echo Booting Fedora CoreOS ${a.version} (profile ${profile.name})`,
    `kernel ${a.kernel} ${args.join(" ")} || goto failed`,
    `initrd --name main ${a.initramfs} || goto failed`,
    "boot || goto failed",
    "",
    ":failed",
    `echo Profile ${profile.name} could not boot: booting from local disk in 10 s`,
    "sleep 10",
    "exit",
    "",
  ].join("\n");
}
