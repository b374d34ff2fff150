import { describe, it } from "node:test";
import { expect } from "chai";
import { adviseKey, label, placed, schemaDiagnostics } from "./schema-issues.ts";
import { siteSchema } from "./schema.ts";

const place = (path: (string | number)[]) => ({ written: path, repaired: path });

describe("adviseKey", () => {
  const data = { segments: [{ name: "lan", subnet: "198.18.10.0/24", gateway: "198.18.10.1", gatway: "x" }], dns: {}, dhcp: { ha: {} } };

  it("reads a typo as the key it resembles", () => {
    expect(adviseKey(place(["segments", 0]), "relayd", data)).to.deep.equal({ kind: "typo", meant: "relayed", hint: 'did you mean "relayed"?' });
    expect(adviseKey(place(["dhcp", "ha"]), "heartbeatDelay", data).kind).to.equal("typo");
  });

  it("does not offer a key that is already set, but says so", () => {
    expect(adviseKey(place(["segments", 0]), "gatway", data)).to.deep.equal({ kind: "none", hint: 'it looks like "gateway", which is already set here; remove one of them' });
  });

  it("places a key that belongs one level down or up", () => {
    const down = adviseKey(place(["segments", 0]), "pools", data);
    expect(down).to.deep.include({ kind: "elsewhere", meant: ["segments", 0, "dhcp", "pools"] });
    expect(down.hint).to.equal('"pools" belongs under segments[0].dhcp; indent it there');
    const up = adviseKey(place(["segments", 0, "dhcp"]), "gateway", data);
    expect(up).to.deep.include({ kind: "elsewhere", meant: ["segments", 0, "gateway"] });
  });

  it("names the one place a key belongs to elsewhere in the site", () => {
    expect(adviseKey(place(["dns"]), "heartbeat-delay", data).hint).to.equal('"heartbeat-delay" is a key of dhcp.ha, not of dns');
  });

  it("lists the keys allowed when nothing fits", () => {
    expect(adviseKey(place(["segments", 0]), "vlan", data).hint).to.equal("the keys allowed here are: name, subnet, subnet6, gateway, relayed, dhcp, pxe");
  });
});

describe("schemaDiagnostics", () => {
  const messages = (site: unknown) => {
    const parsed = siteSchema.safeParse(site);
    return parsed.success ? [] : schemaDiagnostics(placed(parsed.error.issues), site).map((d) => `${d.message}; ${d.hint}`);
  };
  const base = () => ({
    site: { name: "office", domain: "office.example.com" },
    segments: [{ name: "lan", subnet: "198.18.10.0/24", gateway: "198.18.10.1" }],
    pair: { primary: { hostname: "ns1", interfaces: {} }, standby: { hostname: "ns2", interfaces: {} } },
    ntp: { upstreams: ["192.0.2.123"] },
  });

  it("labels paths the way they are looked up", () => {
    expect(label(["segments", 0, "dhcp", "pools", 1])).to.equal("segments[0].dhcp.pools[1]");
    expect(label([])).to.equal("the document");
  });

  it("says what a wrong value must be, with units and the likely meaning", () => {
    const site = { ...base(), dhcp: { "lease-time": "1h", ha: { "heartbeat-delay": 1.5 } } };
    expect(messages(site)).to.deep.equal([
      'dhcp.lease-time is "1h"; it must be a whole number of seconds; did you mean 3600?',
      "dhcp.ha.heartbeat-delay 1.5 is not a whole number; it must be a whole number of milliseconds, such as 1",
    ]);
  });

  it("explains a subnet with host bits and a backwards pool", () => {
    const site = base();
    Object.assign(site.segments[0]!, { subnet: "198.18.10.1/24", dhcp: { pools: ["198.18.10.9-198.18.10.1"] } });
    expect(messages(site)).to.deep.equal([
      'segments[0].subnet "198.18.10.1/24" has host bits set; a network address has them zero; did you mean "198.18.10.0/24"?',
      'segments[0].dhcp.pools[0] "198.18.10.9-198.18.10.1" starts above where it ends; write the lower address first: "198.18.10.1-198.18.10.9"',
    ]);
  });

  it("reports a missing key at its mapping, saying what to add", () => {
    const site = base() as Record<string, unknown>;
    delete site.ntp;
    expect(messages(site)).to.deep.equal(["ntp is missing; add `ntp:` to the document; it must be a mapping with upstreams"]);
  });

  it("offers the nearest choice for a value outside a fixed set", () => {
    const site = { ...base(), dns: { records: [{ name: "www", type: "CNAM", value: "nas" }] } };
    expect(messages(site)).to.deep.equal(['dns.records[0].type "CNAM" is not valid; it must be one of A, AAAA, CNAME, MX, TXT, SRV, PTR, NS; did you mean "CNAME"?']);
  });

  it("offers a list for a single value where a list belongs", () => {
    const site = { ...base(), ntp: { upstreams: "192.0.2.123" } };
    expect(messages(site)).to.deep.equal(['ntp.upstreams is "192.0.2.123"; it must be a list (one item per line, each starting with "- "); write it as a list: [192.0.2.123]']);
  });
});
