// An NTP probe: one client-mode poll of one server (like `chronyc ntpdata`
// or `ntpdate -q` with a single sample), returning what the server says
// about itself and how its clock compares with ours.
import { isIP } from "node:net";
import type { Clock } from "../clock.ts";
import { preciseClock, udpExchange, withDeadline } from "../net/index.ts";
import { NtpProbeError } from "./ntp-error.ts";
import { encodeRequest, readReply, transmitUnset } from "./packet.ts";
import type { NtpReply } from "./packet.ts";

export interface NtpQuery {
  readonly server: string;
  /** 123 unless the server listens elsewhere. */
  readonly port?: number;
  readonly timeoutMs: number;
  /** Local address to send from. */
  readonly source?: string;
  /** 4 by default; chronyd answers 3 and 4 alike. */
  readonly version?: number;
}

export interface NtpResult extends NtpReply {
  readonly server: string;
  readonly port: number;
  /** From sending to the reply, by our clock, in ms (unlike delayMs it includes the server's hold time). */
  readonly latencyMs: number;
}

export interface NtpProbeOptions {
  /** Supplies t1 and t4 and runs the deadline; the precise system clock by default. */
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
}

export async function queryNtp(query: NtpQuery, options: NtpProbeOptions = {}): Promise<NtpResult> {
  const clock = options.clock ?? preciseClock;
  const port = query.port ?? 123;
  const where = { server: query.server, port };
  const subject = `NTP query to ${port === 123 ? query.server : `${query.server}:${port}`}`;
  if (isIP(query.server) === 0) throw new RangeError(`NTP server must be an IP address, got "${query.server}"`);
  if (!(query.timeoutMs > 0)) throw new RangeError(`NTP query timeout must be positive, got ${query.timeoutMs}`);
  const version = query.version ?? 4;
  if (!Number.isInteger(version) || version < 1 || version > 4) throw new RangeError(`NTP version must be 1–4, got ${version}`);

  const ignored: string[] = [];
  let raw: Buffer | undefined;
  const t1 = clock.now();
  const request = encodeRequest(t1, version);
  let reply: NtpReply;
  try {
    reply = await withDeadline(
      {
        clock,
        timeoutMs: query.timeoutMs,
        signal: options.signal,
        onTimeout: () => {
          const note = ignored.length ? ` (ignored ${ignored.length} other datagram${ignored.length === 1 ? "" : "s"}: ${ignored.join("; ")})` : "";
          return new NtpProbeError("timeout", `${subject} timed out after ${query.timeoutMs} ms${note}`, where);
        },
      },
      (signal) =>
        udpExchange({
          server: query.server,
          port,
          source: query.source,
          payload: request,
          signal,
          judge: (datagram) => {
            const verdict = readReply(datagram, request, clock.now());
            if ("accept" in verdict) raw = datagram;
            return verdict;
          },
          onIgnored: (reason) => ignored.push(reason),
        }),
    );
  } catch (error) {
    throw asProbeError(error, subject, where, options.signal);
  }
  if (reply.stratum === 0) {
    throw new NtpProbeError("kiss-o-death", `${subject} got a kiss-o'-death: ${reply.referenceId || "(no code)"}`, { ...where, kissCode: reply.referenceId });
  }
  if (raw && transmitUnset(raw)) throw new NtpProbeError("malformed", `${subject} got a reply without a transmit timestamp`, where);
  return { ...reply, server: query.server, port, latencyMs: reply.t4 - t1 };
}

function asProbeError(error: unknown, subject: string, where: { server: string; port: number }, outer: AbortSignal | undefined): NtpProbeError {
  if (error instanceof NtpProbeError) return error;
  if (outer?.aborted) return new NtpProbeError("aborted", `${subject} was abandoned`, where, { cause: error });
  if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") {
    return new NtpProbeError("refused", `${subject} was refused: nothing listens on UDP port ${where.port} (ICMP port unreachable)`, where, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NtpProbeError("network", `${subject} failed: ${message}`, where, { cause: error });
}
