// Names in the boot root that DHCP, the boot server and the scripts agree on.

/** The script every iPXE client is sent to first. */
export const DISPATCH_SCRIPT = "boot.ipxe";

/** Chainload binaries for firmware PXE; the boot server image ships them. */
export const IPXE_BINARIES = {
  bios: "undionly.kpxe",
  uefiX64: "ipxe.efi",
} as const;

export function profileScriptPath(profile: string): string {
  return `profiles/${profile}.ipxe`;
}
