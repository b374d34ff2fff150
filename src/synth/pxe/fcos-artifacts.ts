// The Fedora CoreOS live PXE artifacts of one profile, named as the
// release builds publish them for x86_64.
import type { PxeProfile } from "../../site/index.ts";

export interface FcosArtifacts {
  readonly version: string;
  readonly kernel: string;
  readonly initramfs: string;
  readonly rootfs: string;
}

export function fcosArtifacts(profile: PxeProfile): FcosArtifacts {
  const version = profile.version;
  if (version === undefined) {
    throw new Error(
      `PXE profile ${profile.name} (site.yaml ${profile.at.join(".")}) has an artifacts URL but no Fedora CoreOS version, so its file names are unknown; set \`version\` on the profile or \`os.version\``,
    );
  }
  const base = profile.artifactsUrl.endsWith("/") ? profile.artifactsUrl : `${profile.artifactsUrl}/`;
  const prefix = `${base}fedora-coreos-${version}-live`;
  return {
    version,
    kernel: `${prefix}-kernel-x86_64`,
    initramfs: `${prefix}-initramfs.x86_64.img`,
    rootfs: `${prefix}-rootfs.x86_64.img`,
  };
}
