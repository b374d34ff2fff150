import { describe, it } from "node:test";
import { expect } from "chai";
import { UdpTransport } from "./udp-transport.ts";

// Loopback only: two transports on ephemeral ports talk to each other.
async function pair(): Promise<[UdpTransport, UdpTransport]> {
  return [await UdpTransport.open({ address: "127.0.0.1", port: 0 }), await UdpTransport.open({ address: "127.0.0.1", port: 0 })];
}

describe("UdpTransport", () => {
  it("delivers a datagram with its sender", async () => {
    const [a, b] = await pair();
    try {
      await a.send(Uint8Array.of(1, 2, 3), b.local);
      const got = await b.receive(new AbortController().signal);
      expect(got.data).to.deep.equal(Uint8Array.of(1, 2, 3));
      expect(got.from).to.deep.equal(a.local);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("keeps datagrams that arrive while nobody waits, in order", async () => {
    const [a, b] = await pair();
    try {
      await a.send(Uint8Array.of(1), b.local);
      await a.send(Uint8Array.of(2), b.local);
      await new Promise((r) => setTimeout(r, 50));
      const signal = new AbortController().signal;
      expect((await b.receive(signal)).data).to.deep.equal(Uint8Array.of(1));
      expect((await b.receive(signal)).data).to.deep.equal(Uint8Array.of(2));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("an aborted receive gives up without losing the next datagram", async () => {
    const [a, b] = await pair();
    try {
      const stop = new AbortController();
      const waiting = b.receive(stop.signal);
      stop.abort(new Error("timed out"));
      await waiting.catch((e: Error) => expect(e.message).to.equal("timed out"));
      await a.send(Uint8Array.of(9), b.local);
      expect((await b.receive(new AbortController().signal)).data).to.deep.equal(Uint8Array.of(9));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("closing fails a pending receive and refuses to send", async () => {
    const [a, b] = await pair();
    const elsewhere = a.local;
    await a.close();
    const waiting = b.receive(new AbortController().signal);
    await b.close();
    const error = await waiting.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).to.match(/closed/);
    await b.send(Uint8Array.of(1), elsewhere).then(
      () => expect.fail("send after close"),
      (e: Error) => expect(e.message).to.match(/closed/),
    );
  });
});
