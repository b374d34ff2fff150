// An in-memory transport for unit tests of the client: every sent datagram is
// recorded with its clock time and handed to a scripted server, whose replies
// arrive after the delays it asks for, measured on the same (manual) clock.
import type { Clock } from "../../clock.ts";
import { decodeMessage } from "../codec.ts";
import type { DhcpMessage } from "../codec.ts";
import type { Datagram, DhcpTransport, Endpoint } from "../transport.ts";

export interface SentDatagram {
  readonly at: number;
  readonly data: Uint8Array;
  readonly to: Endpoint;
  readonly message: DhcpMessage;
}

export interface ScriptedReply {
  readonly data: Uint8Array;
  /** After how long the reply arrives; 0 by default. */
  readonly delayMs?: number;
  readonly from?: Endpoint;
}

export type Responder = (sent: SentDatagram) => readonly ScriptedReply[];

export class FakeTransport implements DhcpTransport {
  readonly sent: SentDatagram[] = [];
  readonly #clock: Clock;
  readonly #queue: Datagram[] = [];
  readonly #waiters: { resolve: (d: Datagram) => void; onAbort: () => void; signal: AbortSignal }[] = [];
  responder: Responder;

  constructor(clock: Clock, responder: Responder = () => []) {
    this.#clock = clock;
    this.responder = responder;
  }

  async send(packet: Uint8Array, destination: Endpoint): Promise<void> {
    const sent = { at: this.#clock.now(), data: packet, to: destination, message: decodeMessage(packet) };
    this.sent.push(sent);
    for (const reply of this.responder(sent)) {
      const datagram = { data: reply.data, from: reply.from ?? { address: "198.18.0.2", port: 67 } };
      if (!reply.delayMs) this.inject(datagram);
      else void this.#clock.sleep(reply.delayMs).then(() => this.inject(datagram));
    }
  }

  /** Delivers a datagram now, as if it had just arrived. */
  inject(datagram: Datagram): void {
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.signal.removeEventListener("abort", waiter.onAbort);
      waiter.resolve(datagram);
    } else this.#queue.push(datagram);
  }

  receive(signal: AbortSignal): Promise<Datagram> {
    if (signal.aborted) return Promise.reject(signal.reason as Error);
    const queued = this.#queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(signal.reason as Error);
      };
      const waiter = { resolve, onAbort, signal };
      signal.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(waiter);
    });
  }
}
