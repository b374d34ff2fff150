// Derived DNS facts: what the site implies beyond the records the user wrote.
import { describe, it } from "node:test";
import { expect } from "chai";
import { formatIpv4 } from "./ip.ts";
import { loadSite } from "./load.ts";
import type { DnsRecord, Site, Zone } from "./model.ts";
import { rdataText } from "./records.ts";

const SITE = `
site: { name: lab, domain: Lab.Example.COM }
segments:
  - name: servers
    subnet: 198.18.20.0/24
    gateway: 198.18.20.1
    dhcp:
      pools: [198.18.20.100-198.18.20.149]
      reservations:
        - { mac: "52:54:00:14:00:11", ip: 198.18.20.11, hostname: dc1 }
        - { mac: "52:54:00:14:00:12", ip: 198.18.20.12 }
  - name: labs
    subnet: 198.18.22.0/23
    gateway: 198.18.22.1
    relayed: true
    dhcp:
      pools: [198.18.22.10-198.18.22.200]
      reservations:
        - { mac: "52:54:00:16:00:05", ip: 198.18.23.5, hostname: lab-printer }
pair:
  primary: { hostname: ns1, interfaces: { servers: { mac: "52:54:00:14:00:02", address: 198.18.20.2 } } }
  standby: { hostname: ns2, interfaces: { servers: { mac: "52:54:00:14:00:03", address: 198.18.20.3 } } }
dns:
  zones:
    - name: sub.lab.example.com
  records:
    - { name: www, type: A, value: 198.18.20.80 }
    - { name: web, type: A, value: 198.18.20.80 }
    - { name: 198.18.20.80, type: PTR, value: www }
    - { name: build, type: A, value: 198.18.22.8, zone: sub.lab.example.com }
ntp: { upstreams: [192.0.2.123] }
`;

function load(text: string): Site {
  const result = loadSite(text, "zones-test.yaml");
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`).join("\n"));
  return result.site;
}

const site = load(SITE);
const zone = (name: string): Zone => {
  const z = site.dns.zones.find((x) => x.name === name);
  if (!z) throw new Error(`no zone ${name} among ${site.dns.zones.map((x) => x.name).join(", ")}`);
  return z;
};
const at = (z: Zone, name: string, type?: DnsRecord["data"]["type"]) => z.records.filter((r) => r.name === name && (type === undefined || r.data.type === type));
const shown = (records: readonly DnsRecord[]) => records.map((r) => `${r.data.type} ${rdataText(r.data)} (${r.source})`);

describe("derived DNS data", () => {
  it("keeps the site domain canonical: lower case, no trailing dot", () => {
    expect(site.domain).to.equal("lab.example.com");
    expect(site.dns.zones[0]!.name).to.equal("lab.example.com");
  });

  it("gives each node an A record for each of its interfaces", () => {
    const forward = zone("lab.example.com");
    expect(shown(at(forward, "ns1.lab.example.com"))).to.deep.equal(["A 198.18.20.2 (node)"]);
    expect(shown(at(forward, "ns2.lab.example.com"))).to.deep.equal(["A 198.18.20.3 (node)"]);
  });

  it("gives each reservation with a hostname an A record, and none to the others", () => {
    const forward = zone("lab.example.com");
    expect(shown(at(forward, "dc1.lab.example.com"))).to.deep.equal(["A 198.18.20.11 (reservation)"]);
    expect(shown(at(forward, "lab-printer.lab.example.com"))).to.deep.equal(["A 198.18.23.5 (reservation)"]);
    expect(forward.records.filter((r) => r.data.type === "A" && formatIpv4((r.data as { address: number }).address) === "198.18.20.12")).to.have.length(0);
  });

  it("names both nodes as the name servers of every zone it serves", () => {
    for (const z of site.dns.zones) {
      expect(shown(at(z, z.name, "NS")), z.name).to.deep.equal(["NS ns1.lab.example.com. (ns)", "NS ns2.lab.example.com. (ns)"]);
    }
  });

  it("cuts reverse zones from the segments: one /24 for servers, two for the labs /23", () => {
    expect(site.dns.zones.filter((z) => z.reverse).map((z) => z.name)).to.deep.equal(["20.18.198.in-addr.arpa", "22.18.198.in-addr.arpa", "23.18.198.in-addr.arpa"]);
  });

  it("derives a PTR for every address that has an A record, in the reverse zone that holds it", () => {
    expect(shown(at(zone("20.18.198.in-addr.arpa"), "2.20.18.198.in-addr.arpa"))).to.deep.equal(["PTR ns1.lab.example.com. (ptr)"]);
    expect(shown(at(zone("20.18.198.in-addr.arpa"), "11.20.18.198.in-addr.arpa"))).to.deep.equal(["PTR dc1.lab.example.com. (ptr)"]);
    // The upper half of the /23 lives in its own zone.
    expect(shown(at(zone("23.18.198.in-addr.arpa"), "5.23.18.198.in-addr.arpa"))).to.deep.equal(["PTR lab-printer.lab.example.com. (ptr)"]);
    expect(shown(at(zone("22.18.198.in-addr.arpa"), "8.22.18.198.in-addr.arpa"))).to.deep.equal(["PTR build.sub.lab.example.com. (ptr)"]);
  });

  it("lets a written PTR win over the derived one", () => {
    // www and web share 198.18.20.80; the PTR written for it names www, and no second PTR appears.
    expect(shown(at(zone("20.18.198.in-addr.arpa"), "80.20.18.198.in-addr.arpa"))).to.deep.equal(["PTR www.lab.example.com. (record)"]);
  });

  it("derives one PTR per address, from the first A record naming it", () => {
    const text = SITE.replace("    - { name: 198.18.20.80, type: PTR, value: www }\n", "");
    const derived = load(text).dns.zones.find((z) => z.name === "20.18.198.in-addr.arpa")!;
    expect(shown(at(derived, "80.20.18.198.in-addr.arpa"))).to.deep.equal(["PTR www.lab.example.com. (ptr)"]);
  });

  it("puts a record in the zone it names, relative to that zone", () => {
    expect(shown(at(zone("sub.lab.example.com"), "build.sub.lab.example.com"))).to.deep.equal(["A 198.18.22.8 (record)"]);
  });

  it("keeps each derived record tied to the item it came from", () => {
    const [a] = at(zone("lab.example.com"), "dc1.lab.example.com");
    expect(a!.at).to.deep.equal(["segments", 0, "dhcp", "reservations", 0, "hostname"]);
    const [node] = at(zone("lab.example.com"), "ns1.lab.example.com");
    expect(node!.at).to.deep.equal(["pair", "primary", "interfaces", "servers"]);
  });

  it("gives a relayed segment's clients the pair's own addresses as DNS and NTP servers", () => {
    const labs = site.segments.find((s) => s.name === "labs")!;
    expect(labs.dhcp!.options.dnsServers.map(formatIpv4)).to.deep.equal(["198.18.20.2", "198.18.20.3"]);
    expect(labs.dhcp!.options.ntpServers.map(formatIpv4)).to.deep.equal(["198.18.20.2", "198.18.20.3"]);
    expect(labs.dhcp!.options.routers.map(formatIpv4)).to.deep.equal(["198.18.22.1"]);
  });
});
