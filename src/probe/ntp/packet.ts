// Client requests and server replies. The header fields are read with
// ntp-packet-parser; the four timestamps are read again from the raw bytes
// because the parser turns them into Dates, which keep whole milliseconds
// only, and an offset on a lab segment is a fraction of one.
import { NtpPacketParser } from "ntp-packet-parser";
import type { Verdict } from "../net/index.ts";
import { clockOffset, roundTripDelay } from "./arithmetic.ts";
import { asciiId, dottedQuad } from "./reference-id.ts";
import { isZeroTimestamp, readShort, readTimestamp, writeTimestamp } from "./timestamp.ts";

export const NTP_PACKET_SIZE = 48;
export const MODE_CLIENT = 3;
export const MODE_SERVER = 4;
const ORIGIN = 24;
const RECEIVE = 32;
const TRANSMIT = 40;
const REFERENCE = 16;

/** A client-mode request (RFC 5905 §7.3) whose transmit timestamp is t1. */
export function encodeRequest(t1: number, version = 4): Buffer {
  const packet = Buffer.alloc(NTP_PACKET_SIZE);
  packet.writeUInt8((0 << 6) | (version << 3) | MODE_CLIENT, 0);
  writeTimestamp(packet, TRANSMIT, t1);
  return packet;
}

export type LeapIndicator = "none" | "insert-second" | "delete-second" | "unsynchronized";
const LEAP: readonly LeapIndicator[] = ["none", "insert-second", "delete-second", "unsynchronized"];

export interface NtpReply {
  readonly leap: LeapIndicator;
  readonly version: number;
  readonly mode: number;
  readonly stratum: number;
  /** log2 seconds, as on the wire. */
  readonly poll: number;
  /** log2 seconds (signed), as on the wire: -20 is about a microsecond. */
  readonly precision: number;
  readonly rootDelaySeconds: number;
  readonly rootDispersionSeconds: number;
  /** Kiss code or clock name at strata 0–1 ("LOCL"), an IPv4 address above. */
  readonly referenceId: string;
  /** ISO 8601 times as the server gave them; null when unset (zero). */
  readonly referenceTime: string | null;
  readonly originTime: string | null;
  readonly receiveTime: string | null;
  readonly transmitTime: string | null;
  /** The on-wire times in Unix ms (t1, t4 from our clock; t2, t3 from the reply). */
  readonly t1: number;
  readonly t2: number;
  readonly t3: number;
  readonly t4: number;
  /** θ of RFC 5905: positive when the server is ahead of us. */
  readonly offsetMs: number;
  /** δ of RFC 5905. */
  readonly delayMs: number;
  /** The server claims to be synchronised: not leap 3, stratum 1–15. */
  readonly synchronized: boolean;
}

const iso = (raw: Buffer, offset: number, date: Date | undefined): string | null =>
  isZeroTimestamp(raw, offset) || !date ? null : date.toISOString();

/**
 * Decides whether `reply` answers `request` (sent at t1, received at t4).
 * Not a server reply, or an origin timestamp other than our transmit
 * timestamp (RFC 5905's "bogus" test): ignored, as a late or forged packet.
 * Anything that answers is accepted, kiss-o'-death included: the caller
 * decides what stratum 0 means.
 */
export function readReply(reply: Buffer, request: Buffer, t4: number): Verdict<NtpReply> {
  if (reply.length < NTP_PACKET_SIZE) return { ignore: `${reply.length}-byte datagram is shorter than an NTP packet` };
  const fields = NtpPacketParser.parse(reply);
  if (fields.mode !== MODE_SERVER) return { ignore: `mode ${fields.mode} is not a server reply` };
  if (!reply.subarray(ORIGIN, ORIGIN + 8).equals(request.subarray(TRANSMIT, TRANSMIT + 8))) {
    return { ignore: "its origin timestamp is not our transmit timestamp" };
  }
  const t1 = readTimestamp(request, TRANSMIT, t4);
  const t2 = readTimestamp(reply, RECEIVE, t4);
  const t3 = readTimestamp(reply, TRANSMIT, t4);
  const stratum = fields.stratum ?? 0;
  const rawId = Number(fields.referenceId ?? 0);
  const leap = LEAP[fields.leapIndicator ?? 3] ?? "unsynchronized";
  return {
    accept: {
      leap,
      version: fields.version ?? 0,
      mode: fields.mode,
      stratum,
      // The parser reads poll and precision unsigned; both are signed exponents.
      poll: reply.readInt8(2),
      precision: reply.readInt8(3),
      rootDelaySeconds: readShort(reply, 4),
      rootDispersionSeconds: readShort(reply, 8),
      // The parser already spells stratum-1 ids as ASCII; other strata come as a number.
      referenceId: stratum === 1 ? (fields.referenceId ?? "") : stratum === 0 ? asciiId(rawId) : dottedQuad(rawId),
      referenceTime: iso(reply, REFERENCE, fields.referenceTimestamp),
      originTime: iso(reply, ORIGIN, fields.originTimestamp),
      receiveTime: iso(reply, RECEIVE, fields.receiveTimestamp),
      transmitTime: iso(reply, TRANSMIT, fields.transmitTimestamp),
      t1,
      t2,
      t3,
      t4,
      offsetMs: clockOffset({ t1, t2, t3, t4 }),
      delayMs: roundTripDelay({ t1, t2, t3, t4 }),
      synchronized: leap !== "unsynchronized" && stratum >= 1 && stratum <= 15,
    },
  };
}

/** Whether the reply's transmit timestamp is unset, which makes its times meaningless. */
export function transmitUnset(reply: Buffer): boolean {
  return isZeroTimestamp(reply, TRANSMIT);
}
