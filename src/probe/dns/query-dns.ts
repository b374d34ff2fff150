// A DNS probe: one question to one server, answered or failed with a reason.
// It behaves like a stub resolver's single try (no retries to other servers:
// the timeline repeats probes and the scenario decides what a miss means).
import { randomInt } from "node:crypto";
import { isIP } from "node:net";
import type { Clock } from "../clock.ts";
import { preciseClock, udpExchange, withDeadline } from "../net/index.ts";
import { DnsProbeError, describeQuery } from "./dns-error.ts";
import type { DnsErrorContext } from "./dns-error.ts";
import { encodeQuery, questionOf, readResponse } from "./message.ts";
import type { Question, ResponseFields } from "./message.ts";
import { tcpExchange } from "./tcp-exchange.ts";
import type { DnsQuery, DnsResult } from "./types.ts";

export interface DnsProbeOptions {
  /** Measures latency and runs the deadline; the precise system clock by default. */
  readonly clock?: Clock;
  /** Gives up early (the error's reason is then "aborted"). */
  readonly signal?: AbortSignal;
  /** Message ids; random by default, as RFC 5452 asks. */
  readonly nextId?: () => number;
}

export async function queryDns(query: DnsQuery, options: DnsProbeOptions = {}): Promise<DnsResult> {
  const clock = options.clock ?? preciseClock;
  const port = query.port ?? 53;
  if (isIP(query.server) === 0) throw new RangeError(`DNS server must be an IP address, got "${query.server}"`);
  if (!(query.timeoutMs > 0)) throw new RangeError(`DNS query timeout must be positive, got ${query.timeoutMs}`);
  const question = questionOf(query);
  const startedAt = clock.now();
  const first = await attempt(query, question, query.transport, clock, options);
  if (first.flags.tc && query.transport === "udp" && query.retryTcpOnTruncation) {
    const retried = await attempt(query, question, "tcp", clock, options);
    return { ...retried, server: query.server, port, transport: "tcp", latencyMs: clock.now() - startedAt, truncatedUdp: true };
  }
  return { ...first, server: query.server, port, transport: query.transport, latencyMs: clock.now() - startedAt };
}

async function attempt(query: DnsQuery, question: Question, transport: "udp" | "tcp", clock: Clock, options: DnsProbeOptions): Promise<ResponseFields> {
  const context: DnsErrorContext = { server: query.server, port: query.port ?? 53, transport, name: query.name, type: query.type };
  const id = options.nextId?.() ?? randomInt(0, 0x10000);
  const message = encodeQuery(query, question, id);
  const ignored: string[] = [];
  const judge = (reply: Buffer) => readResponse(reply, id, question);
  const common = { server: query.server, port: context.port, source: query.source, judge, onIgnored: (r: string) => ignored.push(r) };
  try {
    return await withDeadline(
      {
        clock,
        timeoutMs: query.timeoutMs,
        signal: options.signal,
        onTimeout: () => {
          const note = ignored.length ? ` (ignored ${ignored.length} other repl${ignored.length === 1 ? "y" : "ies"}: ${ignored.join("; ")})` : "";
          return new DnsProbeError("timeout", `${describeQuery(context)} timed out after ${query.timeoutMs} ms${note}`, context);
        },
      },
      (signal) => (transport === "udp" ? udpExchange({ ...common, payload: message, signal }) : tcpExchange({ ...common, message, signal })),
    );
  } catch (error) {
    throw asProbeError(error, context, options.signal);
  }
}

function asProbeError(error: unknown, context: DnsErrorContext, outer: AbortSignal | undefined): DnsProbeError {
  if (error instanceof DnsProbeError) return error;
  const subject = describeQuery(context);
  if (outer?.aborted) return new DnsProbeError("aborted", `${subject} was abandoned`, context, { cause: error });
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ECONNREFUSED") {
    return new DnsProbeError("refused", `${subject} was refused: nothing listens on port ${context.port} (ICMP port unreachable or TCP reset)`, context, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DnsProbeError("network", `${subject} failed: ${message}`, context, { cause: error });
}
