import { describe, it } from "node:test";
import { expect } from "chai";
import * as dnsPacket from "dns-packet";
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { ManualClock } from "../clock.ts";
import { DnsProbeError } from "./dns-error.ts";
import { queryDns } from "./query-dns.ts";
import { reply, startFakeDnsServer } from "./testing/fake-server.ts";

const base = { server: "127.0.0.1", name: "www.example.test", type: "A", timeoutMs: 2000 } as const;

describe("queryDns", () => {
  it("asks over UDP and returns the answer with its latency", async () => {
    await using server = await startFakeDnsServer((q) => [reply(q, { answers: [{ type: "A", name: "www.example.test", ttl: 300, data: "198.18.0.10" }] })]);
    const r = await queryDns({ ...base, port: server.port, transport: "udp" });
    expect(r.rcode).to.equal("NOERROR");
    expect(r.transport).to.equal("udp");
    expect(r.answers.map((a) => a.data)).to.deep.equal(["198.18.0.10"]);
    expect(r.flags.aa).to.equal(true);
    expect(r.latencyMs).to.be.within(0, 1000);
    expect(server.queries[0]?.query.flag_rd).to.equal(true);
  });

  it("asks over TCP with length framing", async () => {
    await using server = await startFakeDnsServer((q) => [reply(q, { answers: [{ type: "SRV", name: q.questions?.[0]?.name ?? "", ttl: 60, data: { priority: 1, weight: 2, port: 3, target: "t.example.test" } }] })]);
    const r = await queryDns({ ...base, name: "_sip._udp.example.test", type: "SRV", port: server.port, transport: "tcp" });
    expect(r.transport).to.equal("tcp");
    expect(r.answers[0]?.data).to.equal("1 2 3 t.example.test.");
    expect(server.queries.map((q) => q.transport)).to.deep.equal(["tcp"]);
  });

  it("follows a truncated UDP answer with TCP when asked", async () => {
    await using server = await startFakeDnsServer((q, transport) =>
      transport === "udp" ? [reply(q, { flags: dnsPacket.TRUNCATED_RESPONSE })] : [reply(q, { answers: [{ type: "A", name: "www.example.test", ttl: 1, data: "198.18.0.11" }] })],
    );
    const truncated = await queryDns({ ...base, port: server.port, transport: "udp" });
    expect(truncated.flags.tc).to.equal(true);
    const r = await queryDns({ ...base, port: server.port, transport: "udp", retryTcpOnTruncation: true });
    expect(r).to.deep.include({ transport: "tcp", truncatedUdp: true });
    expect(r.answers[0]?.data).to.equal("198.18.0.11");
  });

  it("ignores a stale reply and takes the one that answers", async () => {
    await using server = await startFakeDnsServer((q) => [
      reply(q, { id: ((q.id ?? 0) + 1) & 0xffff, answers: [{ type: "A", name: "www.example.test", ttl: 1, data: "192.0.2.66" }] }),
      reply(q, { answers: [{ type: "A", name: "www.example.test", ttl: 1, data: "198.18.0.10" }] }),
    ]);
    const r = await queryDns({ ...base, port: server.port, transport: "udp" });
    expect(r.answers[0]?.data).to.equal("198.18.0.10");
  });

  it("fails with reason timeout at the deadline, mentioning replies it ignored", async () => {
    await using server = await startFakeDnsServer((q) => [reply(q, { id: ((q.id ?? 0) + 1) & 0xffff })]);
    const clock = new ManualClock(1_000);
    const probe = queryDns({ ...base, port: server.port, transport: "udp", timeoutMs: 1500 }, { clock });
    // Let the stale reply arrive before the clock reaches the deadline.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const error = await clock.run(probe).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(DnsProbeError);
    expect(error).to.have.property("reason", "timeout");
    expect((error as Error).message).to.match(/DNS query www\.example\.test A to 127\.0\.0\.1:\d+ over udp timed out after 1500 ms \(ignored 1 other reply: id \d+ is not ours/);
    expect(clock.now()).to.equal(2_500);
  });

  it("fails fast with reason refused when nothing listens", async () => {
    for (const transport of ["udp", "tcp"] as const) {
      const port = transport === "udp" ? await freeUdpPort() : await freeTcpPort();
      const error = await queryDns({ ...base, port, transport }).then(() => undefined, (e: unknown) => e);
      expect(error, transport).to.be.instanceOf(DnsProbeError).with.property("reason", "refused");
      expect((error as Error).cause).to.be.instanceOf(Error);
    }
  });

  it("gives up with reason aborted when the caller's signal fires", async () => {
    await using server = await startFakeDnsServer(() => []);
    const controller = new AbortController();
    const probe = queryDns({ ...base, port: server.port, transport: "udp" }, { signal: controller.signal });
    controller.abort(new Error("scenario over"));
    const error = await probe.then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property("reason", "aborted");
  });

  it("refuses a server that is not an address and a type it cannot name", async () => {
    const bad = await queryDns({ ...base, server: "ns1.example.test", transport: "udp" }).then(() => undefined, (e: unknown) => e);
    expect(bad).to.be.instanceOf(RangeError);
    const badType = await queryDns({ ...base, type: "BOGUS", transport: "udp" }).then(() => undefined, (e: unknown) => e);
    expect(badType).to.be.instanceOf(RangeError);
  });
});

async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address() as AddressInfo;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

async function freeTcpPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
