// One DNS message over TCP (RFC 1035 §4.2.2, RFC 7766): each message is
// preceded by its length in two bytes; one query per connection, which is
// what a probe wants (every attempt pays the handshake, as a fresh client does).
import { connect } from "node:net";
import type { Verdict } from "../net/index.ts";

export interface TcpExchangeOptions<T> {
  readonly server: string;
  readonly port: number;
  readonly source?: string;
  /** The message without its length prefix. */
  readonly message: Uint8Array;
  readonly judge: (reply: Buffer) => Verdict<T>;
  readonly signal: AbortSignal;
  readonly onIgnored?: (reason: string) => void;
}

export function frame(message: Uint8Array): Buffer {
  if (message.length > 0xffff) throw new RangeError(`a DNS message over TCP is at most 65535 bytes, this one is ${message.length}`);
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length);
  return Buffer.concat([prefix, message]);
}

/** Splits complete frames off the front of a stream buffer; returns them and what is left. */
export function unframe(stream: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let offset = 0;
  while (stream.length - offset >= 2) {
    const length = stream.readUInt16BE(offset);
    if (stream.length - offset - 2 < length) break;
    messages.push(stream.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  return { messages, rest: stream.subarray(offset) };
}

export async function tcpExchange<T>(options: TcpExchangeOptions<T>): Promise<T> {
  const { server, port, source, message, judge, signal, onIgnored } = options;
  signal.throwIfAborted();
  const socket = connect({ host: server, port, localAddress: source, noDelay: true });
  try {
    return await new Promise<T>((resolve, reject) => {
      let pending: Buffer = Buffer.alloc(0);
      let received = 0;
      const onAbort = (): void => reject(signal.reason as Error);
      signal.addEventListener("abort", onAbort, { once: true });
      const settle = (): void => signal.removeEventListener("abort", onAbort);
      socket.on("connect", () => socket.write(frame(message)));
      socket.on("error", (error) => {
        settle();
        reject(error);
      });
      socket.on("data", (chunk: Buffer) => {
        received += chunk.length;
        const { messages, rest } = unframe(Buffer.concat([pending, chunk]));
        pending = rest;
        for (const reply of messages) {
          let verdict: Verdict<T>;
          try {
            verdict = judge(reply);
          } catch (error) {
            verdict = { ignore: `unreadable reply: ${(error as Error).message}` };
          }
          if ("accept" in verdict) {
            settle();
            resolve(verdict.accept);
            return;
          }
          onIgnored?.(verdict.ignore);
        }
      });
      socket.on("end", () => {
        settle();
        reject(new Error(`the server closed the connection after ${received} bytes without an answer`));
      });
    });
  } finally {
    socket.destroy();
  }
}
