// The client's transport on a real network: one UDP socket on port 68 of
// every address, broadcast allowed. It is meant to run inside a lab client's
// network namespace (the caller starts the process with `ip netns exec` or
// `nsenter --net`), where the one interface besides lo is the segment.
//
// Linux routes a send to 255.255.255.255 like any other destination: with no
// address and no default route on the interface (a fresh DHCP client, or a
// container on an internal network) it fails with ENETUNREACH. The namespace
// needs `ip route add 255.255.255.255/32 dev IFACE` (see broadcastRouteCommand).
import { createSocket } from "node:dgram";
import type { Socket } from "node:dgram";
import { CLIENT_PORT } from "./message-types.ts";
import { endpointText } from "./transport.ts";
import type { Datagram, DhcpTransport, Endpoint } from "./transport.ts";

export interface UdpTransportSettings {
  /** Local port; 68 unless a test runs unprivileged. */
  readonly port?: number;
  readonly address?: string;
  /** Datagrams kept while nobody is receiving; the oldest go first beyond this. */
  readonly queueLimit?: number;
}

interface Waiter {
  readonly resolve: (d: Datagram) => void;
  readonly reject: (e: unknown) => void;
  readonly signal: AbortSignal;
  readonly onAbort: () => void;
}

/** The command that lets a namespace without a default route send limited broadcasts. */
export function broadcastRouteCommand(iface: string): string[] {
  return ["ip", "route", "replace", "255.255.255.255/32", "dev", iface];
}

function unreachableHint(destination: Endpoint): string {
  if (destination.address === "255.255.255.255") {
    return ` (no route for broadcasts: in a namespace without a default route, run ${broadcastRouteCommand("IFACE").join(" ")})`;
  }
  return ` (no route to ${destination.address}: unicast needs an address on the interface, as a client holding its lease has, or a route)`;
}

export class UdpTransport implements DhcpTransport, AsyncDisposable {
  readonly #socket: Socket;
  readonly #queue: Datagram[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #queueLimit: number;
  #closed = false;

  private constructor(socket: Socket, queueLimit: number) {
    this.#socket = socket;
    this.#queueLimit = queueLimit;
    socket.on("message", (msg, rinfo) => this.#deliver({ data: Uint8Array.from(msg), from: { address: rinfo.address, port: rinfo.port } }));
  }

  static async open(settings: UdpTransportSettings = {}): Promise<UdpTransport> {
    const port = settings.port ?? CLIENT_PORT;
    const address = settings.address ?? "0.0.0.0";
    const socket = createSocket({ type: "udp4", reuseAddr: true });
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => {
        socket.close();
        reject(new Error(`could not bind a DHCP client socket to ${address}:${port} (port 68 needs root or CAP_NET_BIND_SERVICE): ${error.message}`, { cause: error }));
      };
      socket.once("error", onError);
      socket.bind(port, address, () => {
        socket.off("error", onError);
        socket.setBroadcast(true);
        resolve();
      });
    });
    const transport = new UdpTransport(socket, settings.queueLimit ?? 1024);
    socket.on("error", (error) => transport.#fail(error));
    return transport;
  }

  /** The address and port the socket is bound to (the port matters when 0 asked for any). */
  get local(): Endpoint {
    const a = this.#socket.address();
    return { address: a.address, port: a.port };
  }

  async send(packet: Uint8Array, destination: Endpoint): Promise<void> {
    if (this.#closed) throw new Error("the DHCP client socket is closed");
    await new Promise<void>((resolve, reject) => {
      this.#socket.send(packet, destination.port, destination.address, (error) => {
        if (!error) return resolve();
        const hint = (error as NodeJS.ErrnoException).code === "ENETUNREACH" ? unreachableHint(destination) : "";
        reject(new Error(`sending ${packet.length} octets to ${endpointText(destination)} failed${hint}`, { cause: error }));
      });
    });
  }

  receive(signal: AbortSignal): Promise<Datagram> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.#closed) return Promise.reject(new Error("the DHCP client socket is closed"));
    return new Promise<Datagram>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal.reason as Error);
      };
      const waiter: Waiter = { resolve, reject, signal, onAbort };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#fail(new Error("the DHCP client socket is closed"));
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #deliver(datagram: Datagram): void {
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.signal.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(datagram);
      return;
    }
    this.#queue.push(datagram);
    if (this.#queue.length > this.#queueLimit) this.#queue.shift();
  }

  #fail(error: unknown): void {
    for (const w of this.#waiters.splice(0)) {
      w.signal.removeEventListener("abort", w.onAbort);
      w.reject(error);
    }
  }
}
