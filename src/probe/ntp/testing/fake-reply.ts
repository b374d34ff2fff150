// Server replies built byte by byte for tests, so the parser is checked
// against the layout of RFC 5905 §7.3 rather than against itself.
import { writeTimestamp } from "../timestamp.ts";

export interface ReplyInit {
  readonly leap?: number;
  readonly version?: number;
  readonly mode?: number;
  readonly stratum?: number;
  readonly poll?: number;
  readonly precision?: number;
  readonly rootDelay?: number;
  readonly rootDispersion?: number;
  /** Four bytes: an ASCII code ("LOCL") or an IPv4 address ("192.0.2.1"). */
  readonly referenceId?: string;
  readonly referenceMs?: number;
  readonly receiveMs: number;
  readonly transmitMs: number;
}

function referenceBytes(id: string): Buffer {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(id)) return Buffer.from(id.split(".").map(Number));
  const bytes = Buffer.alloc(4);
  bytes.write(id.slice(0, 4), "ascii");
  return bytes;
}

/** A reply to `request`, its origin timestamp copied from the request's transmit timestamp. */
export function serverReply(request: Buffer, init: ReplyInit): Buffer {
  const reply = Buffer.alloc(48);
  reply.writeUInt8(((init.leap ?? 0) << 6) | ((init.version ?? 4) << 3) | (init.mode ?? 4), 0);
  reply.writeUInt8(init.stratum ?? 3, 1);
  reply.writeInt8(init.poll ?? 6, 2);
  reply.writeInt8(init.precision ?? -20, 3);
  reply.writeUInt32BE(Math.round((init.rootDelay ?? 0) * 65536), 4);
  reply.writeUInt32BE(Math.round((init.rootDispersion ?? 0) * 65536), 8);
  referenceBytes(init.referenceId ?? "LOCL").copy(reply, 12);
  if (init.referenceMs !== undefined) writeTimestamp(reply, 16, init.referenceMs);
  request.copy(reply, 24, 40, 48);
  writeTimestamp(reply, 32, init.receiveMs);
  writeTimestamp(reply, 40, init.transmitMs);
  return reply;
}
