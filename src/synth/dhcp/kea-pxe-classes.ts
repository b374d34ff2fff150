// Client classes that answer network boot requests. Firmware PXE gets an
// iPXE binary over TFTP; iPXE (user class "iPXE") gets the dispatch script
// over HTTP. iPXE also sends a client architecture, so the firmware classes
// exclude it explicitly instead of relying on class order.
import { formatIpv4 } from "../../site/index.ts";
import type { Node, Site } from "../../site/index.ts";
import { DISPATCH_SCRIPT, IPXE_BINARIES } from "../pxe/boot-files.ts";
import { serviceAddress } from "../services.ts";

const IS_IPXE = "option[77].hex == 'iPXE'";
const NOT_IPXE = `not (${IS_IPXE})`;

/** Client system architectures (option 93, RFC 4578) that get an iPXE binary. */
const FIRMWARE: readonly { name: string; arches: readonly number[]; file: string }[] = [
  { name: "pxe-bios", arches: [0], file: IPXE_BINARIES.bios },
  { name: "pxe-uefi-x64", arches: [7, 9], file: IPXE_BINARIES.uefiX64 },
];

function archTest(arch: number): string {
  return `option[93].hex == 0x${arch.toString(16).padStart(4, "0")}`;
}

export function dispatchUrl(site: Site, node: Node): string {
  return `http://${formatIpv4(serviceAddress(node))}:${site.pxe.httpPort}/${DISPATCH_SCRIPT}`;
}

export function pxeClientClasses(site: Site, node: Node): object[] {
  const server = formatIpv4(serviceAddress(node));
  return [
    { name: "ipxe", test: IS_IPXE, "next-server": server, "boot-file-name": dispatchUrl(site, node) },
    ...FIRMWARE.map((f) => {
      const arch = f.arches.length === 1 ? archTest(f.arches[0]!) : `(${f.arches.map(archTest).join(" or ")})`;
      return { name: f.name, test: `${arch} and ${NOT_IPXE}`, "next-server": server, "boot-file-name": f.file };
    }),
  ];
}
