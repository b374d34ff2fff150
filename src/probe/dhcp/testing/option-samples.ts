// One typed value for every option the table names, with the octets it must
// encode to. Unit tests check the codec against these; the referee test has
// tshark decode a message carrying all of them.
import { hexToBytes } from "../bytes.ts";
import type { ValueOf } from "../options.ts";
import type { OptionName } from "../options-table.ts";

function hex(text: string): string {
  return Buffer.from(text, "latin1").toString("hex");
}

/** One typed value per named option and the data it must encode to. */
export const OPTION_SAMPLES: { [N in OptionName]: { value: ValueOf<N>; data: string } } = {
  "subnet-mask": { value: "255.255.255.0", data: "ffffff00" },
  "time-offset": { value: -3600, data: "fffff1f0" },
  routers: { value: ["198.18.0.1", "198.18.0.254"], data: "c6120001c61200fe" },
  "time-servers": { value: ["192.0.2.1"], data: "c0000201" },
  "name-servers": { value: ["192.0.2.2"], data: "c0000202" },
  "domain-name-servers": { value: ["198.18.0.2", "198.18.0.3"], data: "c6120002c6120003" },
  "log-servers": { value: ["192.0.2.3"], data: "c0000203" },
  "host-name": { value: "probe-1", data: hex("probe-1") },
  "boot-size": { value: 4096, data: "1000" },
  "domain-name": { value: "lab.example", data: hex("lab.example") },
  "root-path": { value: "/srv/root", data: hex("/srv/root") },
  "ip-forwarding": { value: 0, data: "00" },
  "default-ip-ttl": { value: 64, data: "40" },
  "interface-mtu": { value: 1500, data: "05dc" },
  "broadcast-address": { value: "198.18.0.255", data: "c61200ff" },
  "static-routes": { value: ["203.0.113.0", "198.18.0.1"], data: "cb007100c6120001" },
  "arp-cache-timeout": { value: 60, data: "0000003c" },
  "ntp-servers": { value: ["198.18.0.2", "198.18.0.3"], data: "c6120002c6120003" },
  "vendor-encapsulated-options": { value: hexToBytes("0104c0000201ff"), data: "0104c0000201ff" },
  "netbios-name-servers": { value: ["198.18.0.5"], data: "c6120005" },
  "netbios-node-type": { value: 8, data: "08" },
  "dhcp-requested-address": { value: "198.18.0.100", data: "c6120064" },
  "dhcp-lease-time": { value: 86400, data: "00015180" },
  "dhcp-option-overload": { value: 3, data: "03" },
  "dhcp-message-type": { value: "REQUEST", data: "03" },
  "dhcp-server-identifier": { value: "198.18.0.2", data: "c6120002" },
  "dhcp-parameter-request-list": { value: [1, 3, 6, 119], data: "01030677" },
  "dhcp-message": { value: "address in use", data: hex("address in use") },
  "dhcp-max-message-size": { value: 1472, data: "05c0" },
  "dhcp-renewal-time": { value: 300, data: "0000012c" },
  "dhcp-rebinding-time": { value: 525, data: "0000020d" },
  "vendor-class-identifier": { value: "PXEClient:Arch:00007:UNDI:003016", data: hex("PXEClient:Arch:00007:UNDI:003016") },
  "dhcp-client-identifier": { value: { type: 1, id: hexToBytes("02005e100001") }, data: "0102005e100001" },
  "tftp-server-name": { value: "198.18.0.2", data: hex("198.18.0.2") },
  "boot-file-name": { value: "ipxe.efi", data: hex("ipxe.efi") },
  "user-class": { value: { format: "rfc3004", classes: ["iPXE", "lab"] }, data: `04${hex("iPXE")}03${hex("lab")}` },
  fqdn: {
    value: { serverUpdates: true, override: false, encoded: true, noUpdates: false, rcode1: 0, rcode2: 0, name: "probe.lab.example", partial: false },
    data: `050000${"05" + hex("probe")}${"03" + hex("lab")}${"07" + hex("example")}00`,
  },
  "dhcp-agent-options": {
    value: [
      { code: 1, name: "circuit-id", data: hexToBytes(hex("eth0")) },
      { code: 2, name: "remote-id", data: hexToBytes("020000000001") },
      { code: 200, data: hexToBytes("ff") },
    ],
    data: `0104${hex("eth0")}0206020000000001c801ff`,
  },
  "client-last-transaction-time": { value: 12, data: "0000000c" },
  "associated-ip": { value: ["198.18.0.10", "198.18.0.11"], data: "c612000ac612000b" },
  "client-system": { value: [7, 0], data: "00070000" },
  "client-ndi": { value: { type: 1, major: 3, minor: 16 }, data: "010310" },
  "uuid-guid": { value: { type: 0, id: "00112233-4455-6677-8899-aabbccddeeff" }, data: "00" + "00112233445566778899aabbccddeeff" },
  pcode: { value: "CET-1CEST,M3.5.0,M10.5.0/3", data: hex("CET-1CEST,M3.5.0,M10.5.0/3") },
  tcode: { value: "Europe/Zurich", data: hex("Europe/Zurich") },
  "v6-only-preferred": { value: 1800, data: "00000708" },
  "v4-captive-portal": { value: "https://portal.example/", data: hex("https://portal.example/") },
  "auto-config": { value: 1, data: "01" },
  "subnet-selection": { value: "198.18.20.0", data: "c6121400" },
  "domain-search": { value: ["lab.example", "example"], data: `03${hex("lab")}07${hex("example")}00c004` },
  "classless-static-route": {
    value: [
      { destination: "0.0.0.0/0", router: "198.18.0.1" },
      { destination: "10.229.0.128/25", router: "198.18.0.2" },
    ],
    data: "00c612000119" + "0ae50080" + "c6120002",
  },
  "vivco-suboptions": { value: hexToBytes("00000de9030102ff"), data: "00000de9030102ff" },
  "vivso-suboptions": { value: hexToBytes("00000de90401020304"), data: "00000de90401020304" },
  "tftp-server-address": { value: ["198.18.0.2", "198.18.0.3"], data: "c6120002c6120003" },
};
