import { describe, it } from "node:test";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseSite } from "../site/index.ts";
import type { Segment } from "../site/index.ts";
import {
  addressProblems,
  bootProblems,
  expectedOptions,
  inPools,
  keaExpiry,
  leasedInPools,
  newClientMac,
  optionProblems,
  parseEnvironment,
  perfdhcpAcks,
  poolSize,
  renewalProblems,
  reservationProblems,
  smallestPool,
  udhcpcProblems,
} from "./dhcp-expectations.ts";
import type { KeaLease, LeaseJson, ReceivedOption } from "./dhcp-expectations.ts";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/sites/${name}.yaml`, import.meta.url)), "utf8");
const OFFICE = parseSite(fixture("small-office"));
const CAMPUS = parseSite(fixture("campus"));
const segment = (name: string): Segment => [...OFFICE.segments, ...CAMPUS.segments].find((s) => s.name === name)!;

/** The options Kea gave a client on campus's guest segment, as the probe prints them. */
const GUEST_OPTIONS: ReceivedOption[] = [
  { code: 53, name: "dhcp-message-type", value: "ACK" },
  { code: 1, name: "subnet-mask", value: "255.255.255.0" },
  { code: 3, name: "routers", value: ["198.18.30.1"] },
  { code: 6, name: "domain-name-servers", value: ["203.0.113.53"] },
  { code: 15, name: "domain-name", value: "campus.example.edu" },
  { code: 42, name: "ntp-servers", value: ["203.0.113.123"] },
  { code: 51, name: "dhcp-lease-time", value: 900 },
  { code: 54, name: "dhcp-server-identifier", value: "198.18.20.2" },
  { code: 119, name: "domain-search", value: ["guest.example.net."] },
];

function lease(extra: Partial<LeaseJson> = {}): LeaseJson {
  return { address: "198.18.30.20", serverId: "198.18.20.2", mac: "02:00:00:00:00:01", obtainedAt: 0, leaseTime: 900, options: GUEST_OPTIONS, ack: { siaddr: "0.0.0.0", file: "", yiaddr: "198.18.30.20" }, ...extra };
}

describe("DHCP expectations", () => {
  it("takes each segment's options from the site, defaults and overrides alike", () => {
    expect(expectedOptions(segment("guest"))).to.deep.equal({
      "subnet-mask": "255.255.255.0",
      routers: ["198.18.30.1"],
      "domain-name-servers": ["203.0.113.53"],
      "ntp-servers": ["203.0.113.123"],
      "domain-name": "campus.example.edu",
      "domain-search": ["guest.example.net"],
      "dhcp-lease-time": 900,
    });
    // A relayed segment gets the pair's first addresses; labs is a /23.
    expect(expectedOptions(segment("labs"))).to.include({ "subnet-mask": "255.255.254.0", "dhcp-lease-time": 1800 });
    expect(expectedOptions(segment("labs"))["ntp-servers"]).to.deep.equal(["198.18.20.2", "198.18.20.3"]);
  });

  it("finds no fault with a lease that matches, and names each option that differs", () => {
    expect(addressProblems(CAMPUS, segment("guest"), lease())).to.deep.equal([]);
    expect(optionProblems(segment("guest"), lease())).to.deep.equal([]);
    const wrong = GUEST_OPTIONS.filter((o) => o.code !== 42).map((o) => (o.code === 51 ? { ...o, value: 3600 } : o));
    expect(optionProblems(segment("guest"), lease({ options: wrong }))).to.deep.equal([
      'ntp-servers is missing, not ["203.0.113.123"]',
      "dhcp-lease-time is 3600, not 900",
    ]);
    expect(addressProblems(CAMPUS, segment("guest"), lease({ address: "198.18.30.5", serverId: "198.18.30.1" }))).to.deep.equal([
      "address 198.18.30.5 is outside the pools of guest",
      "server 198.18.30.1 is not one of the pair",
    ]);
  });

  it("checks a reservation's address and host name", () => {
    const kiosk = segment("staff").dhcp!.reservations[0]!;
    const named = (name: string): ReceivedOption[] => [{ code: 12, name: "host-name", value: name }];
    expect(reservationProblems(kiosk, lease({ address: "198.18.21.50", options: named("kiosk") }))).to.deep.equal([]);
    expect(reservationProblems(kiosk, lease({ address: "198.18.21.100", options: [] }))).to.deep.equal([
      "got 198.18.21.100, not its reserved 198.18.21.50",
      'host name is missing, not "kiosk"',
    ]);
  });

  it("expects boot files from the node that answered", () => {
    const ipxe = lease({ serverId: "198.18.21.3", ack: { siaddr: "198.18.20.3", file: "http://198.18.20.3:80/boot.ipxe", yiaddr: "" } });
    expect(bootProblems(CAMPUS, "ipxe", ipxe)).to.deep.equal([]);
    const bios = lease({ ack: { siaddr: "198.18.20.3", file: "undionly.kpxe", yiaddr: "" } });
    expect(bootProblems(CAMPUS, "bios", bios)).to.deep.equal(["next server 198.18.20.3, not 198.18.20.2 (infra1, which answered)"]);
    expect(bootProblems(CAMPUS, "ipxe", bios)).to.include('boot file "undionly.kpxe", not "http://198.18.20.2:80/boot.ipxe"');
  });

  it("wants a renewal from the granting server, for the same address and a full lease", () => {
    const granted = lease();
    expect(renewalProblems(segment("guest"), granted, { outcome: "ack", lease: lease() })).to.deep.equal([]);
    expect(renewalProblems(segment("guest"), granted, { outcome: "ack", lease: lease({ serverId: "198.18.20.3", leaseTime: 60 }) })).to.deep.equal([
      "acknowledged by 198.18.20.3, not by 198.18.20.2, which granted the lease",
      "renewed for 60 s, not the segment's 900 s",
    ]);
    expect(renewalProblems(segment("guest"), granted, { outcome: "timeout" })).to.deep.equal(["the renewal got no answer"]);
  });

  it("compares udhcpc's script environment with the probe's options", () => {
    const env = parseEnvironment(
      ["ip=198.18.30.21", "subnet=255.255.255.0", "router=198.18.30.1", "dns=203.0.113.53", "ntpsrv=203.0.113.123", "domain=campus.example.edu", "search=guest.example.net", "lease=900", "PATH=/bin"].join("\n"),
    );
    expect(udhcpcProblems(segment("guest"), env, lease())).to.deep.equal([]);
    env.set("dns", "198.18.20.2 198.18.20.3");
    env.delete("ntpsrv");
    expect(udhcpcProblems(segment("guest"), env, lease())).to.deep.equal([
      'domain-name-servers: udhcpc got ["198.18.20.2","198.18.20.3"], the probe ["203.0.113.53"]',
      'ntp-servers: udhcpc got nothing, the probe ["203.0.113.123"]',
    ]);
    expect(udhcpcProblems(segment("guest"), new Map(), lease())).to.deep.equal(["udhcpc got no lease"]);
  });

  it("sizes pools and picks the smallest one to fill", () => {
    expect(poolSize(segment("lan"))).to.equal(100);
    expect(poolSize(segment("labs"))).to.equal(447);
    expect(smallestPool(CAMPUS)?.name).to.equal("servers");
    expect(smallestPool(OFFICE)?.name).to.equal("lan");
    expect(inPools(segment("labs"), "198.18.23.200")).to.equal(true);
    expect(inPools(segment("labs"), "198.18.23.201")).to.equal(false);
    const kea = (ip: string): KeaLease => ({ "ip-address": ip, "hw-address": "02:fe:00:00:00:01", cltt: 100, "valid-lft": 3600, state: 0, "subnet-id": 1 });
    expect([...leasedInPools(segment("lan"), [kea("198.18.10.100"), kea("198.18.10.20")])]).to.deep.equal(["198.18.10.100"]);
    expect(keaExpiry(kea("198.18.10.100"))).to.equal(3700);
  });

  it("reads perfdhcp's acknowledgements and makes fresh client addresses", () => {
    const report = "***Statistics for: DISCOVER-OFFER***\nsent packets: 110\nreceived packets: 100\n***Statistics for: REQUEST-ACK***\nsent packets: 100\nreceived packets: 99\n";
    expect(perfdhcpAcks(report)).to.equal(99);
    expect(() => perfdhcpAcks("Interrupted")).to.throw(/no REQUEST-ACK statistics/);
    expect(newClientMac(() => 0.5)).to.equal("02:00:80:80:80:80");
  });
});
