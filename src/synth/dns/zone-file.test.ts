import { describe, it } from "node:test";
import { expect } from "chai";
import { rdataText } from "../../site/index.ts";
import type { DnsRecord, Site, Zone } from "../../site/index.ts";
import { FIXTURE_SITES, loadFixture } from "../../testing/fixtures.ts";
import { zoneFile, zoneFileName } from "./zone-file.ts";

function zoneNamed(site: Site, name: string): Zone {
  const zone = site.dns.zones.find((z) => z.name === name);
  if (!zone) throw new Error(`fixture ${site.name} has no zone ${name}`);
  return zone;
}

function serialOf(text: string): number {
  const m = /IN SOA \S+ \S+ \( (\d+) /.exec(text);
  if (!m) throw new Error(`no SOA serial in:\n${text}`);
  return Number(m[1]);
}

function withRecords(zone: Zone, records: readonly DnsRecord[]): Zone {
  return { ...zone, records };
}

describe("zoneFile", () => {
  it("writes the site zone with SOA, NS, A, MX, TXT and SRV records", async () => {
    const site = await loadFixture("small-office");
    const text = zoneFile(site, zoneNamed(site, "office.example.com"));
    const lines = text.split("\n");
    expect(lines).to.include("$ORIGIN office.example.com.");
    expect(lines).to.include("$TTL 300");
    expect(text).to.match(/^@ IN SOA ns1\.office\.example\.com\. hostmaster\.office\.example\.com\. \( \d+ 3600 600 1209600 300 \)$/m);
    expect(text).to.match(/^office\.example\.com\. +IN NS +ns1\.office\.example\.com\.$/m);
    expect(text).to.match(/^office\.example\.com\. +IN NS +ns2\.office\.example\.com\.$/m);
    expect(text).to.match(/^printer\.office\.example\.com\. +IN A +198\.18\.10\.20$/m);
    expect(text).to.match(/^office\.example\.com\. +IN MX +10 mail\.office\.example\.com\.$/m);
    expect(text).to.match(/^office\.example\.com\. +IN TXT +"v=spf1 mx -all"$/m);
    expect(text).to.match(/^_ipp\._tcp\.office\.example\.com\. +IN SRV +0 0 631 printer\.office\.example\.com\.$/m);
    expect(text.endsWith("\n")).to.equal(true);
  });

  it("writes the reverse zone with a PTR per address", async () => {
    const site = await loadFixture("small-office");
    const text = zoneFile(site, zoneNamed(site, "10.18.198.in-addr.arpa"));
    expect(text).to.include("$ORIGIN 10.18.198.in-addr.arpa.\n");
    expect(text).to.match(/^10\.18\.198\.in-addr\.arpa\. +IN NS +ns1\.office\.example\.com\.$/m);
    expect(text).to.match(/^20\.10\.18\.198\.in-addr\.arpa\. +IN PTR +printer\.office\.example\.com\.$/m);
    expect(text).to.match(/^2\.10\.18\.198\.in-addr\.arpa\. +IN PTR +ns1\.office\.example\.com\.$/m);
  });

  it("writes the campus zones: AAAA, CNAME, several SRVs, the child zone and its PTRs", async () => {
    const site = await loadFixture("campus");
    const main = zoneFile(site, zoneNamed(site, "campus.example.edu"));
    expect(main).to.include("$TTL 600\n");
    expect(main).to.match(/^@ IN SOA infra1\.campus\.example\.edu\. hostmaster\.campus\.example\.edu\. \( \d+ 3600 600 1209600 300 \)$/m);
    expect(main).to.match(/^www\.campus\.example\.edu\. +IN AAAA +fd00:20::80$/m);
    expect(main).to.match(/^www\.campus\.example\.edu\. +IN A +198\.18\.20\.80$/m);
    expect(main).to.match(/^ldap\.campus\.example\.edu\. +IN CNAME +dc1\.campus\.example\.edu\.$/m);
    expect(main.match(/^_ldap\._tcp\.campus\.example\.edu\. +IN SRV +0 50 389 dc[12]\.campus\.example\.edu\.$/gm)).to.have.length(2);
    const lab = zoneFile(site, zoneNamed(site, "lab.campus.example.edu"));
    expect(lab).to.include("$ORIGIN lab.campus.example.edu.\n");
    expect(lab).to.match(/^build\.lab\.campus\.example\.edu\. +IN A +198\.18\.22\.8$/m);
    expect(lab).to.match(/^ci\.lab\.campus\.example\.edu\. +IN CNAME +build\.lab\.campus\.example\.edu\.$/m);
    const labs = zoneFile(site, zoneNamed(site, "22.18.198.in-addr.arpa"));
    expect(labs).to.match(/^8\.22\.18\.198\.in-addr\.arpa\. +IN PTR +build\.lab\.campus\.example\.edu\.$/m);
    expect(labs).to.match(/^5\.22\.18\.198\.in-addr\.arpa\. +IN PTR +lab-printer\.campus\.example\.edu\.$/m);
  });

  it("writes every record of every fixture zone, with its value from the model", async () => {
    for (const name of FIXTURE_SITES) {
      const site = await loadFixture(name);
      for (const zone of site.dns.zones) {
        const lines = zoneFile(site, zone).split("\n");
        const records = lines.filter((l) => !l.startsWith(";") && !l.startsWith("$") && !l.startsWith("@") && l !== "");
        expect(records.map((l) => l.split(/\s+/).filter((f) => f !== "IN"))).to.deep.equal(
          zone.records.map((r) => [`${r.name}.`, ...(r.ttl === undefined ? [] : [String(r.ttl)]), r.data.type, ...rdataText(r.data).split(" ")]),
        );
      }
    }
  });

  it("keeps the zone's record order", async () => {
    const site = await loadFixture("campus");
    const zone = zoneNamed(site, "campus.example.edu");
    const names = zoneFile(site, zone)
      .split("\n")
      .filter((l) => / IN (?!SOA)/.test(l))
      .map((l) => l.split(" ")[0]);
    expect(names).to.deep.equal(zone.records.map((r) => `${r.name}.`));
  });

  it("uses the zone's TTL and writes a record's own TTL when it has one", async () => {
    const site = await loadFixture("campus");
    const zone = zoneNamed(site, "campus.example.edu");
    const first = zone.records[0]!;
    const text = zoneFile(site, withRecords(zone, [{ ...first, ttl: 60 }, ...zone.records.slice(1)]));
    expect(text).to.include("$TTL 600\n");
    expect(text).to.match(/^campus\.example\.edu\. +60 IN NS +infra1\.campus\.example\.edu\.$/m);
  });

  it("gives the same serial for the same data, on every run and for every load", async () => {
    const a = await loadFixture("campus");
    const b = await loadFixture("campus");
    for (const zone of a.dns.zones) {
      const text = zoneFile(a, zone);
      expect(zoneFile(a, zone)).to.equal(text);
      expect(zoneFile(b, zoneNamed(b, zone.name))).to.equal(text);
    }
  });

  it("changes the serial when a record changes", async () => {
    const site = await loadFixture("small-office");
    const zone = zoneNamed(site, "office.example.com");
    const before = serialOf(zoneFile(site, zone));
    const changed = zone.records.map((r): DnsRecord => (r.name === "mail.office.example.com" ? { ...r, data: { type: "A", address: r.data.type === "A" ? r.data.address + 1 : 0 } } : r));
    const added: DnsRecord = { name: "wiki.office.example.com", data: { type: "A", address: 0xc6120a1a }, source: "record", at: [] };
    const serials = [
      before,
      serialOf(zoneFile(site, withRecords(zone, changed))),
      serialOf(zoneFile(site, withRecords(zone, [...zone.records, added]))),
      serialOf(zoneFile(site, withRecords(zone, zone.records.slice(0, -1)))),
      serialOf(zoneFile(site, { ...zone, ttl: zone.ttl + 1 })),
    ];
    expect(new Set(serials).size).to.equal(serials.length);
    for (const s of serials) expect(s).to.be.within(1, 0xffffffff);
  });

  it("gives different zones different serials", async () => {
    const site = await loadFixture("campus");
    const serials = site.dns.zones.map((z) => serialOf(zoneFile(site, z)));
    expect(new Set(serials).size).to.equal(serials.length);
  });

  it("names the file after the zone", async () => {
    const site = await loadFixture("small-office");
    expect(site.dns.zones.map(zoneFileName)).to.deep.equal(["db.office.example.com", "db.10.18.198.in-addr.arpa"]);
  });
});
