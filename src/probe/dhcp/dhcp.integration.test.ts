// The probe against a real kea-dhcp4: Kea in one network namespace, the probe
// (run-probe.ts over the UDP transport) in another, a veth pair between them.
// The probe speaks for hardware addresses that are not its interface's, as it
// does in the lab: replies reach it by broadcast until it holds an address.
import { after, before, describe, it } from "node:test";
import { expect } from "chai";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ProbePlan } from "./probe-plan.ts";
import { startKea } from "./testing/kea-server.ts";
import type { KeaServer, KeaServerSettings } from "./testing/kea-server.ts";
import { NetnsLab } from "./testing/netns-lab.ts";

const RUN_PROBE = fileURLToPath(new URL("./run-probe.ts", import.meta.url));
const SERVER = "198.18.30.2";
const SUBNET = "198.18.30.0/24";
/** Quick retransmissions: a lab probe need not wait minutes to learn there is no offer. */
const FAST = { initialMs: 400, maxMs: 800, jitterMs: 100, tries: 3 };

const missing = ["kea-dhcp4", "ip"].filter((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0);
const unmet = process.getuid?.() !== 0 ? "needs root for network namespaces" : missing.length > 0 ? `needs ${missing.join(", ")}` : false;
// A missing prerequisite fails the suite: a test that did not run proves nothing.
if (unmet) throw new Error(`the DHCP probe integration test ${unmet}; run \`make setup\` as root`);

interface Result {
  readonly op: string;
  readonly result: {
    readonly outcome?: string;
    readonly offers?: unknown[];
    readonly lease?: { address: string; serverId: string; leaseTime?: number; renewalTime?: number; rebindingTime?: number; options: { code: number; name?: string; value: unknown }[] };
    readonly nak?: { reason?: string };
    readonly options?: { code: number; name?: string; value: unknown }[];
    readonly message?: { yiaddr: string; ciaddr: string };
    readonly exchanges?: { attempts: unknown[] }[];
    readonly exchange?: { attempts: unknown[] };
  };
}

/** The last line the memfile holds for each address: Kea appends every change. */
async function leaseRecords(kea: KeaServer): Promise<Map<string, { hwaddr: string; clientId: string; expire: number; state: number; validLifetime: number }>> {
  const [head, ...rows] = await kea.leases();
  const cols = (head ?? "").split(",");
  const at = (name: string): number => cols.indexOf(name);
  const records = new Map<string, { hwaddr: string; clientId: string; expire: number; state: number; validLifetime: number }>();
  for (const row of rows) {
    const f = row.split(",");
    records.set(f[at("address")]!, {
      hwaddr: f[at("hwaddr")]!,
      clientId: f[at("client_id")]!,
      expire: Number(f[at("expire")]),
      state: Number(f[at("state")]),
      validLifetime: Number(f[at("valid_lifetime")]),
    });
  }
  return records;
}

function optionValue(options: { code: number; value: unknown }[] | undefined, code: number): unknown {
  return options?.find((o) => o.code === code)?.value;
}

describe("the DHCP probe against kea-dhcp4 in network namespaces", () => {
  let lab: NetnsLab;
  let serverNs: string;
  let clientNs: string;
  let kea: KeaServer | undefined;

  before(() => {
    lab = NetnsLab.create();
    serverNs = lab.namespace("srv");
    clientNs = lab.namespace("cli");
    lab.link({ ns: serverNs, iface: "s0", mac: "02:00:5e:30:00:02" }, { ns: clientNs, iface: "c0", mac: "02:00:5e:30:00:fe" });
    lab.address(serverNs, "s0", `${SERVER}/24`);
  });

  after(async () => {
    await lab.dispose();
  });

  async function restartKea(pools: readonly string[], extra: Partial<KeaServerSettings> = {}): Promise<KeaServer> {
    if (kea) await kea.stop();
    kea = await startKea(lab, {
      ns: serverNs,
      iface: "s0",
      authoritative: true,
      extra: { "renew-timer": 300, "rebind-timer": 525 },
      subnets: [
        {
          id: 30,
          subnet: SUBNET,
          pools,
          optionData: [
            { name: "routers", data: "198.18.30.1" },
            { name: "domain-name-servers", data: "198.18.30.2, 198.18.30.3" },
            { name: "domain-name", data: "lab.example" },
            { name: "domain-search", data: "lab.example, corp.example", "always-send": true },
            { name: "ntp-servers", data: "198.18.30.2, 198.18.30.3", "always-send": true },
          ],
        },
      ],
      ...extra,
    });
    return kea;
  }

  /** Runs a probe plan inside the client namespace, the way the lab's probe agent does. */
  function probe(plan: ProbePlan): Result[] {
    const r = lab.exec(clientNs, process.execPath, [RUN_PROBE, "--broadcast-route", "c0", "-"], { input: JSON.stringify(plan), timeoutMs: 60_000 });
    if (r.status !== 0) throw new Error(`run-probe failed (${r.status}): ${r.stderr}`);
    return (JSON.parse(r.stdout) as { results: Result[] }).results;
  }

  function setClientAddress(address: string | undefined): void {
    lab.ip(clientNs, ["address", "flush", "dev", "c0"]);
    if (address) lab.address(clientNs, "c0", `${address}/24`);
  }

  it("in a namespace that cannot send broadcasts, says which route to add", () => {
    const bare = lab.namespace("bare");
    const r = lab.exec(bare, process.execPath, [RUN_PROBE, "-"], { input: JSON.stringify({ mac: "02:00:5e:30:00:01", operations: [{ op: "discover" }] }) });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.include("ip route replace 255.255.255.255/32 dev IFACE");
  });

  describe("with a pool of fifty", () => {
    const mac = "02:00:5e:30:01:01";
    let lease: { address: string; serverId: string };

    before(async () => {
      await restartKea(["198.18.30.100 - 198.18.30.149"]);
      setClientAddress(undefined);
    });

    it("a DORA gets an address from the pool, with the configured options decoded", async () => {
      const [result] = probe({
        mac,
        retransmit: FAST,
        options: [
          { name: "dhcp-client-identifier", value: { type: 1, id: mac } },
          { name: "vendor-class-identifier", value: "PXEClient:Arch:00007:UNDI:003016" },
          { name: "user-class", value: { format: "raw", text: "iPXE" } },
          { name: "client-system", value: [7] },
          { name: "host-name", value: "probe-1" },
        ],
        operations: [{ op: "lease" }],
      });
      expect(result!.result.outcome).to.equal("bound");
      const l = result!.result.lease!;
      const last = Number(l.address.split(".")[3]);
      expect(l.address.startsWith("198.18.30.")).to.equal(true);
      expect(last).to.be.within(100, 149);
      expect(l).to.include({ serverId: SERVER, leaseTime: 600, renewalTime: 300, rebindingTime: 525 });
      expect(optionValue(l.options, 1)).to.equal("255.255.255.0");
      expect(optionValue(l.options, 3)).to.deep.equal(["198.18.30.1"]);
      expect(optionValue(l.options, 6)).to.deep.equal(["198.18.30.2", "198.18.30.3"]);
      expect(optionValue(l.options, 15)).to.equal("lab.example");
      expect(optionValue(l.options, 119)).to.deep.equal(["lab.example", "corp.example"]);
      expect(optionValue(l.options, 42)).to.deep.equal(["198.18.30.2", "198.18.30.3"]);
      lease = { address: l.address, serverId: l.serverId };
      const record = (await leaseRecords(kea!)).get(l.address);
      expect(record).to.include({ hwaddr: mac, clientId: `01:${mac}`, state: 0 });
    });

    it("a renewal (unicast, ciaddr set) extends the lease", async () => {
      const before = (await leaseRecords(kea!)).get(lease.address)!.expire;
      // The client now holds the address, as a configured client would; the ACK comes back to it.
      setClientAddress(lease.address);
      await new Promise((r) => setTimeout(r, 1100));
      const [result] = probe({ mac, retransmit: FAST, operations: [{ op: "renew", lease }] });
      expect(result!.result.outcome).to.equal("ack");
      expect(result!.result.lease!.address).to.equal(lease.address);
      const after = (await leaseRecords(kea!)).get(lease.address)!.expire;
      expect(after).to.be.greaterThan(before);
    });

    it("a rebinding (broadcast, ciaddr set) is acknowledged too", () => {
      const [result] = probe({ mac, retransmit: FAST, operations: [{ op: "rebind", lease }] });
      expect(result!.result.outcome).to.equal("ack");
      expect(result!.result.lease!.address).to.equal(lease.address);
    });

    it("an inform returns the configuration and no address", () => {
      const [result] = probe({ mac: "02:00:5e:30:01:99", retransmit: FAST, operations: [{ op: "inform", address: lease.address }] });
      expect(result!.result.outcome).to.equal("ack");
      expect(result!.result.message).to.include({ yiaddr: "0.0.0.0", ciaddr: lease.address });
      expect(optionValue(result!.result.options, 3)).to.deep.equal(["198.18.30.1"]);
      expect(optionValue(result!.result.options, 42)).to.deep.equal(["198.18.30.2", "198.18.30.3"]);
      expect(optionValue(result!.result.options, 51)).to.equal(undefined);
    });

    it("an INIT-REBOOT request for an address outside the pool gets a NAK", () => {
      setClientAddress(undefined);
      const [result] = probe({ mac: "02:00:5e:30:01:02", retransmit: FAST, operations: [{ op: "reboot", address: "198.18.30.20" }] });
      expect(result!.result.outcome).to.equal("nak");
    });

    it("a release can follow a lease in one plan", async () => {
      // Any address in the subnet will do as the source; the release names the lease in ciaddr.
      setClientAddress("198.18.30.5");
      const results = probe({ mac: "02:00:5e:30:01:03", retransmit: FAST, operations: [{ op: "lease" }, { op: "release", lease: "last" }] });
      expect(results.map((r) => r.result.outcome)).to.deep.equal(["bound", "sent"]);
      const address = results[0]!.result.lease!.address;
      expect((await leaseRecords(kea!)).get(address)).to.include({ validLifetime: 0 });
    });
  });

  describe("with a pool of one", () => {
    const a = "02:00:5e:30:02:0a";
    const b = "02:00:5e:30:02:0b";

    before(async () => {
      await restartKea(["198.18.30.200 - 198.18.30.200"]);
      setClientAddress(undefined);
    });

    it("a full pool gives no offer, after every retransmission", () => {
      const [first] = probe({ mac: a, retransmit: FAST, operations: [{ op: "lease" }] });
      expect(first!.result.outcome).to.equal("bound");
      expect(first!.result.lease!.address).to.equal("198.18.30.200");
      const [second] = probe({ mac: b, retransmit: FAST, operations: [{ op: "lease" }] });
      expect(second!.result.outcome).to.equal("no-offer");
      expect(second!.result.exchanges![0]!.attempts).to.have.length(FAST.tries);
    });

    it("a release frees the address for another client", () => {
      setClientAddress("198.18.30.200");
      const [released] = probe({ mac: a, retransmit: FAST, operations: [{ op: "release", lease: { address: "198.18.30.200", serverId: SERVER } }] });
      expect(released!.result.outcome).to.equal("sent");
      setClientAddress(undefined);
      const [other] = probe({ mac: b, retransmit: FAST, operations: [{ op: "lease" }] });
      expect(other!.result.outcome).to.equal("bound");
      expect(other!.result.lease!.address).to.equal("198.18.30.200");
    });

    it("a decline takes the address out of use: nobody is offered it", async () => {
      const results = probe({ mac: b, retransmit: FAST, operations: [{ op: "decline", lease: { address: "198.18.30.200", serverId: SERVER }, reason: "address answered ARP" }] });
      expect(results[0]!.result.outcome).to.equal("sent");
      // Kea writes the lease as declined (state 1) and holds it for the probation period.
      await new Promise((r) => setTimeout(r, 200));
      expect((await leaseRecords(kea!)).get("198.18.30.200")).to.include({ state: 1 });
      const [after] = probe({ mac: a, retransmit: FAST, operations: [{ op: "discover" }] });
      expect(after!.result.offers).to.deep.equal([]);
      expect(after!.result.exchange!.attempts).to.have.length(FAST.tries);
    });
  });
});
