import { describe, it } from "node:test";
import { expect } from "chai";
import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { ManualClock } from "../clock.ts";
import { NtpProbeError } from "./ntp-error.ts";
import { queryNtp } from "./query-ntp.ts";
import { serverReply } from "./testing/fake-reply.ts";
import type { ReplyInit } from "./testing/fake-reply.ts";
import { readTimestamp } from "./timestamp.ts";

/** A one-shot NTP server on loopback: `answer` sees the request's t1 and returns replies to send. */
async function fakeServer(answer: (request: Buffer, t1: number) => Buffer[]): Promise<{ port: number } & AsyncDisposable> {
  const socket = createSocket("udp4");
  socket.on("message", (request, from) => {
    for (const reply of answer(request, readTimestamp(request, 40, Date.now()))) socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    port: (socket.address() as AddressInfo).port,
    [Symbol.asyncDispose]: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

const reply = (init: Partial<ReplyInit>) => (request: Buffer, t1: number) => [serverReply(request, { receiveMs: t1, transmitMs: t1, ...init })];

describe("queryNtp", () => {
  it("polls a server and measures its offset with the injected clock", async () => {
    const clock = new ManualClock(Date.UTC(2026, 4, 1));
    // The server's clock runs one second ahead of ours.
    await using server = await fakeServer((request, t1) => [serverReply(request, { stratum: 3, referenceId: "127.127.1.1", receiveMs: t1 + 1000, transmitMs: t1 + 1000.5 })]);
    const r = await queryNtp({ server: "127.0.0.1", port: server.port, timeoutMs: 1000 }, { clock });
    expect(r).to.deep.include({ server: "127.0.0.1", port: server.port, stratum: 3, referenceId: "127.127.1.1", synchronized: true });
    // The manual clock did not move: t4 = t1, so θ = (1000 + 1000.5) / 2 and δ = -0.5.
    expect(r.offsetMs).to.be.closeTo(1000.25, 0.001);
    expect(r.delayMs).to.be.closeTo(-0.5, 0.001);
    expect(r.latencyMs).to.equal(0);
  });

  it("skips a bogus reply and keeps waiting for the real one", async () => {
    await using server = await fakeServer((request, t1) => [
      serverReply(Buffer.alloc(48), { receiveMs: t1, transmitMs: t1 }),
      serverReply(request, { stratum: 2, referenceId: "192.0.2.1", receiveMs: t1, transmitMs: t1 }),
    ]);
    const r = await queryNtp({ server: "127.0.0.1", port: server.port, timeoutMs: 1000 });
    expect(r.referenceId).to.equal("192.0.2.1");
    expect(Math.abs(r.offsetMs)).to.be.below(50);
  });

  it("fails with the kiss code on a kiss-o'-death", async () => {
    await using server = await fakeServer(reply({ stratum: 0, referenceId: "RATE" }));
    const error = await queryNtp({ server: "127.0.0.1", port: server.port, timeoutMs: 1000 }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(NtpProbeError).with.property("reason", "kiss-o-death");
    expect(error).to.have.property("kissCode", "RATE");
    expect((error as Error).message).to.match(/kiss-o'-death: RATE/);
  });

  it("rejects a reply without a transmit timestamp", async () => {
    await using server = await fakeServer((request) => {
      const r = serverReply(request, { receiveMs: 1, transmitMs: 1 });
      r.fill(0, 40, 48);
      return [r];
    });
    const error = await queryNtp({ server: "127.0.0.1", port: server.port, timeoutMs: 1000 }).then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property("reason", "malformed");
  });

  it("times out on the injected clock, naming what it ignored", async () => {
    await using server = await fakeServer((_request, t1) => [serverReply(Buffer.alloc(48), { receiveMs: t1, transmitMs: t1 })]);
    const clock = new ManualClock(Date.UTC(2026, 4, 1));
    const probe = queryNtp({ server: "127.0.0.1", port: server.port, timeoutMs: 800 }, { clock });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const error = await clock.run(probe).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(NtpProbeError).with.property("reason", "timeout");
    expect((error as Error).message).to.match(/timed out after 800 ms \(ignored 1 other datagram: its origin timestamp/);
  });

  it("fails fast with reason refused when nothing listens", async () => {
    const socket = createSocket("udp4");
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const { port } = socket.address() as AddressInfo;
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    const error = await queryNtp({ server: "127.0.0.1", port, timeoutMs: 2000 }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(NtpProbeError).with.property("reason", "refused");
  });
});
