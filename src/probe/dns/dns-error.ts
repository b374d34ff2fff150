// Why a DNS probe got no usable answer. `reason` lets a timeline tell a dead
// server (timeout, refused) from a broken one (malformed) without parsing text.
export type DnsFailure = "timeout" | "refused" | "network" | "malformed" | "aborted";

export interface DnsErrorContext {
  readonly server: string;
  readonly port: number;
  readonly transport: "udp" | "tcp";
  readonly name: string;
  readonly type: string;
}

export class DnsProbeError extends Error {
  readonly reason: DnsFailure;
  readonly context: DnsErrorContext;
  constructor(reason: DnsFailure, message: string, context: DnsErrorContext, options?: ErrorOptions) {
    super(message, options);
    this.name = "DnsProbeError";
    this.reason = reason;
    this.context = context;
  }
}

/** "www.example.test A to 198.18.0.2:53 over udp", the subject of every message. */
export function describeQuery(c: DnsErrorContext): string {
  return `DNS query ${c.name} ${c.type} to ${c.port === 53 ? c.server : `${c.server}:${c.port}`} over ${c.transport}`;
}
