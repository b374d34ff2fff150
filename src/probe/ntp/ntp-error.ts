// Why an NTP probe got no usable time. A kiss-o'-death is the server
// answering "go away" (RATE, DENY…): reachable, but not serving us.
export type NtpFailure = "timeout" | "refused" | "network" | "malformed" | "kiss-o-death" | "aborted";

export class NtpProbeError extends Error {
  readonly reason: NtpFailure;
  readonly server: string;
  readonly port: number;
  /** The kiss code (RATE, DENY, RSTR…) when the reason is kiss-o-death. */
  readonly kissCode?: string;
  constructor(reason: NtpFailure, message: string, where: { server: string; port: number; kissCode?: string }, options?: ErrorOptions) {
    super(message, options);
    this.name = "NtpProbeError";
    this.reason = reason;
    this.server = where.server;
    this.port = where.port;
    if (where.kissCode !== undefined) this.kissCode = where.kissCode;
  }
}
