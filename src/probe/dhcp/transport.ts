// What the client needs from the network: send a datagram somewhere, and hand
// over the next one that arrives. Waiting and timeouts belong to the client
// (and its Clock), so a transport never keeps time of its own.

export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

export interface Datagram {
  readonly data: Uint8Array;
  /** Who sent it, as the socket saw it. */
  readonly from: Endpoint;
}

export interface DhcpTransport {
  send(packet: Uint8Array, destination: Endpoint): Promise<void>;
  /**
   * The next datagram, queued or yet to come. Rejects with the signal's
   * reason when it aborts; a datagram arriving after that waits in the queue
   * for the next call instead of being lost.
   */
  receive(signal: AbortSignal): Promise<Datagram>;
}

export function endpointText(e: Endpoint): string {
  return `${e.address}:${e.port}`;
}
