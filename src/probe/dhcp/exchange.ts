// One request/reply exchange: transmit, wait, retransmit on the RFC 2131
// schedule, and keep a record of every transmission and every datagram that
// came back. The record is what failover timelines are computed from, so a
// timeout is an outcome here, not an error.
import type { Clock } from "../clock.ts";
import { decodeMessage, hardwareAddress, messageType } from "./codec.ts";
import type { DhcpMessage } from "./codec.ts";
import { DhcpCodecError } from "./codec-error.ts";
import { BOOTREPLY } from "./message-types.ts";
import type { MessageTypeName } from "./message-types.ts";
import { retransmitDelay } from "./retransmit.ts";
import type { RandomSource, RetransmitPolicy } from "./retransmit.ts";
import { endpointText } from "./transport.ts";
import type { Datagram, DhcpTransport, Endpoint } from "./transport.ts";

export interface Attempt {
  /** 1 for the first transmission. */
  readonly number: number;
  readonly sentAt: number;
  /** The secs field this transmission carried. */
  readonly secs: number;
  /** How long the client waited for a reply before sending again or giving up. */
  readonly waitMs: number;
  readonly destination: string;
}

export interface Reply {
  readonly receivedAt: number;
  readonly from: string;
  readonly type: MessageTypeName | number | undefined;
  /** The transmission it answers (the latest one sent before it arrived). */
  readonly attempt: number;
  readonly message: DhcpMessage;
}

export interface Ignored {
  readonly receivedAt: number;
  readonly from: string;
  readonly reason: string;
}

export interface Exchange {
  readonly sent: MessageTypeName;
  readonly xid: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly attempts: readonly Attempt[];
  readonly replies: readonly Reply[];
  readonly ignored: readonly Ignored[];
  /** `sent`: nothing was expected back (release, decline). */
  readonly outcome: "answered" | "timeout" | "sent";
}

export interface ExchangeContext {
  readonly transport: DhcpTransport;
  readonly clock: Clock;
  readonly random: RandomSource;
  readonly policy: RetransmitPolicy;
  /** The chaddr replies must carry. */
  readonly mac: string;
  /** A fixed secs value; otherwise the seconds since `acquisitionStart`. */
  readonly secs?: number;
}

export interface ExchangeSpec {
  readonly sent: MessageTypeName;
  readonly xid: number;
  readonly destination: Endpoint;
  /** When the client began acquiring or renewing, for the secs field. */
  readonly acquisitionStart: number;
  readonly build: (secs: number) => Uint8Array;
  /** Undefined accepts the reply; a string says why it is ignored. Absent: no reply is expected. */
  readonly accept?: (message: DhcpMessage) => string | undefined;
  /** After the first accepted reply, keep listening this long for more (offers from other servers). */
  readonly collectMs?: number;
}

export async function runExchange(ctx: ExchangeContext, spec: ExchangeSpec): Promise<Exchange> {
  const { clock } = ctx;
  const startedAt = clock.now();
  const attempts: Attempt[] = [];
  const replies: Reply[] = [];
  const ignored: Ignored[] = [];
  const destination = endpointText(spec.destination);
  const tries = spec.accept ? ctx.policy.tries : 1;
  let outcome: Exchange["outcome"] = spec.accept ? "timeout" : "sent";

  for (let i = 0; i < tries && outcome !== "answered"; i++) {
    const sentAt = clock.now();
    const secs = ctx.secs ?? Math.floor((sentAt - spec.acquisitionStart) / 1000);
    const waitMs = spec.accept ? retransmitDelay(ctx.policy, i, ctx.random) : 0;
    const packet = spec.build(secs);
    try {
      await ctx.transport.send(packet, spec.destination);
    } catch (error) {
      throw new Error(`could not send DHCP${spec.sent} (xid 0x${spec.xid.toString(16)}) to ${destination}: ${(error as Error).message}`, { cause: error });
    }
    attempts.push({ number: i + 1, sentAt, secs, waitMs, destination });
    if (!spec.accept) break;

    let deadline = sentAt + waitMs;
    for (;;) {
      const datagram = await nextDatagram(ctx, deadline);
      if (!datagram) break;
      const receivedAt = clock.now();
      const from = endpointText(datagram.from);
      const verdict = judge(datagram, spec, ctx.mac);
      if (typeof verdict === "string") {
        ignored.push({ receivedAt, from, reason: verdict });
        continue;
      }
      replies.push({ receivedAt, from, type: messageType(verdict), attempt: i + 1, message: verdict });
      if (outcome !== "answered") {
        outcome = "answered";
        deadline = receivedAt + (spec.collectMs ?? 0);
      }
    }
  }
  return { sent: spec.sent, xid: spec.xid, startedAt, finishedAt: clock.now(), attempts, replies, ignored, outcome };
}

/** The decoded reply, or why it is not one for this exchange. */
function judge(datagram: Datagram, spec: ExchangeSpec, mac: string): DhcpMessage | string {
  let message: DhcpMessage;
  try {
    message = decodeMessage(datagram.data);
  } catch (error) {
    if (error instanceof DhcpCodecError) return `undecodable: ${error.message}`;
    throw error;
  }
  if (message.op !== BOOTREPLY) return `op ${message.op} is not BOOTREPLY`;
  if (message.xid !== spec.xid) return `xid 0x${message.xid.toString(16)} is not 0x${spec.xid.toString(16)}`;
  const chaddr = hardwareAddress(message);
  if (chaddr !== mac) return `chaddr ${chaddr} is not ${mac}`;
  return spec.accept?.(message) ?? message;
}

/** The next datagram before `deadline` (clock time), or undefined once it passes. */
async function nextDatagram(ctx: ExchangeContext, deadline: number): Promise<Datagram | undefined> {
  const remaining = deadline - ctx.clock.now();
  if (remaining <= 0) return undefined;
  const stop = new AbortController();
  const received = ctx.transport.receive(stop.signal);
  const timedOut = ctx.clock.sleep(remaining, stop.signal).then(() => undefined);
  // Whichever loses is aborted below and rejects; that rejection is expected.
  received.catch(() => undefined);
  timedOut.catch(() => undefined);
  try {
    return await Promise.race([received, timedOut]);
  } finally {
    stop.abort();
  }
}
