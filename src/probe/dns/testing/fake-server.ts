// A scripted DNS server on loopback for unit tests: it hands every query to
// a function that returns the reply messages (or none, to stay silent).
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import * as dnsPacket from "dns-packet";
import type { DecodedPacket } from "dns-packet";
import { frame, unframe } from "../tcp-exchange.ts";

export type Responder = (query: DecodedPacket, transport: "udp" | "tcp") => readonly Buffer[];

export interface FakeServer extends AsyncDisposable {
  readonly port: number;
  readonly queries: { transport: "udp" | "tcp"; query: DecodedPacket }[];
}

/** Listens on 127.0.0.1 with UDP and TCP on the same port. */
export async function startFakeDnsServer(respond: Responder): Promise<FakeServer> {
  const queries: FakeServer["queries"] = [];
  const tcp = createServer((conn) => {
    let pending: Buffer = Buffer.alloc(0);
    conn.on("data", (chunk: Buffer) => {
      const { messages, rest } = unframe(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const m of messages) {
        const query = dnsPacket.decode(m);
        queries.push({ transport: "tcp", query });
        for (const reply of respond(query, "tcp")) conn.write(frame(reply));
      }
    });
    conn.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
  const port = (tcp.address() as AddressInfo).port;
  const udp = createSocket("udp4");
  udp.on("message", (m, from) => {
    const query = dnsPacket.decode(m);
    queries.push({ transport: "udp", query });
    for (const reply of respond(query, "udp")) udp.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => udp.bind(port, "127.0.0.1", resolve));
  return {
    port,
    queries,
    async [Symbol.asyncDispose]() {
      udp.close();
      await new Promise<void>((resolve) => {
        tcp.close(() => resolve());
        tcp.unref();
      });
    },
  };
}

/** A response to `query` with the given sections, flags and rcode. */
export function reply(query: DecodedPacket, init: { answers?: dnsPacket.Answer[]; flags?: number; id?: number } = {}): Buffer {
  return dnsPacket.encode({
    type: "response",
    id: init.id ?? query.id,
    flags: (init.flags ?? 0) | dnsPacket.AUTHORITATIVE_ANSWER,
    questions: query.questions,
    answers: init.answers ?? [],
  });
}
