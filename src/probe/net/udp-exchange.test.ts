import { describe, it } from "node:test";
import { expect } from "chai";
import { createSocket } from "node:dgram";
import type { AddressInfo } from "node:net";
import { udpExchange } from "./udp-exchange.ts";

async function echoServer(replies: (request: Buffer) => Buffer[]): Promise<{ port: number } & AsyncDisposable> {
  const socket = createSocket("udp4");
  socket.on("message", (m, from) => {
    for (const r of replies(m)) socket.send(r, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return { port: (socket.address() as AddressInfo).port, [Symbol.asyncDispose]: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

describe("udpExchange", () => {
  it("sends from the given source, ignores what the judge rejects and returns what it accepts", async () => {
    await using server = await echoServer((m) => [Buffer.from("junk"), Buffer.concat([Buffer.from("re:"), m])]);
    const ignored: string[] = [];
    const value = await udpExchange({
      server: "127.0.0.1",
      port: server.port,
      source: "127.0.0.1",
      payload: Buffer.from("hello"),
      signal: new AbortController().signal,
      judge: (reply) => (reply.toString().startsWith("re:") ? { accept: reply.toString() } : { ignore: `not a reply: ${reply.toString()}` }),
      onIgnored: (reason) => ignored.push(reason),
    });
    expect(value).to.equal("re:hello");
    expect(ignored).to.deep.equal(["not a reply: junk"]);
  });

  it("treats a judge that throws as a reply to ignore", async () => {
    await using server = await echoServer(() => [Buffer.from("bad"), Buffer.from("good")]);
    const ignored: string[] = [];
    const value = await udpExchange({
      server: "127.0.0.1",
      port: server.port,
      payload: Buffer.from("x"),
      signal: new AbortController().signal,
      judge: (reply) => {
        if (reply.toString() === "bad") throw new Error("cannot parse");
        return { accept: reply.toString() };
      },
      onIgnored: (reason) => ignored.push(reason),
    });
    expect(value).to.equal("good");
    expect(ignored).to.deep.equal(["unreadable reply: cannot parse"]);
  });

  it("fails with the bind error for a source address we do not have", async () => {
    const error = await udpExchange({
      server: "127.0.0.1", port: 9, source: "192.0.2.77", payload: Buffer.from("x"), signal: new AbortController().signal, judge: () => ({ ignore: "" }),
    }).then(() => undefined, (e: unknown) => e);
    expect(error).to.have.property("code", "EADDRNOTAVAIL");
  });
});
