// One UDP request and its reply, as DNS and NTP clients do it: a fresh
// ephemeral socket per request, connected to the server so the kernel drops
// datagrams from anyone else and reports an ICMP port-unreachable as an
// error (a stopped daemon fails fast instead of at the deadline). Replies
// that do not answer this request (stale, spoofed, malformed) are ignored,
// as a stub resolver would, but remembered so a timeout can say what came.
import { createSocket } from "node:dgram";
import type { Socket } from "node:dgram";
import { isIPv6 } from "node:net";

/** What the caller makes of one datagram: the answer, or why it is not one. */
export type Verdict<T> = { readonly accept: T } | { readonly ignore: string };

export interface UdpExchangeOptions<T> {
  readonly server: string;
  readonly port: number;
  /** Local address to send from; any by default. */
  readonly source?: string;
  readonly payload: Uint8Array;
  readonly judge: (reply: Buffer) => Verdict<T>;
  /** Aborting it ends the exchange with the signal's reason. */
  readonly signal: AbortSignal;
  /** Called for every ignored datagram, so the caller can mention them in a timeout. */
  readonly onIgnored?: (reason: string) => void;
}

export async function udpExchange<T>(options: UdpExchangeOptions<T>): Promise<T> {
  const { server, port, source, payload, judge, signal, onIgnored } = options;
  signal.throwIfAborted();
  const socket = createSocket({ type: isIPv6(server) ? "udp6" : "udp4" });
  try {
    return await new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(signal.reason as Error);
      signal.addEventListener("abort", onAbort, { once: true });
      const finish = (): void => signal.removeEventListener("abort", onAbort);
      socket.on("error", (error) => {
        finish();
        reject(error);
      });
      socket.on("message", (message) => {
        let verdict: Verdict<T>;
        try {
          verdict = judge(message);
        } catch (error) {
          verdict = { ignore: `unreadable reply: ${(error as Error).message}` };
        }
        if ("accept" in verdict) {
          finish();
          resolve(verdict.accept);
        } else {
          onIgnored?.(verdict.ignore);
        }
      });
      connectAndSend(socket, { server, port, source, payload }).catch((error: unknown) => {
        finish();
        reject(error as Error);
      });
    });
  } finally {
    closeQuietly(socket);
  }
}

async function connectAndSend(socket: Socket, to: { server: string; port: number; source?: string; payload: Uint8Array }): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind({ address: to.source, port: 0, exclusive: true }, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.connect(to.port, to.server, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.send(to.payload, (error) => (error ? reject(error) : resolve()));
  });
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // Already closed: a failed bind closes the socket itself.
  }
}
