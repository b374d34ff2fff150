// Encoding a query and reading its answer with dns-packet. Pure functions of
// bytes, so everything about a probe except the socket is unit-tested.
import * as dnsPacket from "dns-packet";
import type { Answer, OptAnswer, Packet } from "dns-packet";
import { absoluteName, presentRdata } from "./presentation.ts";
import { classCode, className, fromPacketName, typeCode, typeName } from "./record-types.ts";
import type { DnsEdns, DnsFlags, DnsQuery, DnsRecord, DnsResult } from "./types.ts";
import type { Verdict } from "../net/index.ts";

/** The question as codes, resolved once from the query's mnemonics. */
export interface Question {
  readonly name: string;
  readonly type: number;
  readonly class: number;
}

export function questionOf(query: Pick<DnsQuery, "name" | "type" | "class">): Question {
  return { name: query.name, type: typeCode(query.type), class: classCode(query.class ?? "IN") };
}

/** A query message; `id` comes from the caller so tests are deterministic. */
export function encodeQuery(query: Pick<DnsQuery, "edns" | "recursionDesired">, question: Question, id: number): Buffer {
  const opt: OptAnswer | undefined = query.edns
    ? { type: "OPT", name: ".", udpPayloadSize: query.edns.udpSize, extendedRcode: 0, ednsVersion: 0, flags: query.edns.do ? dnsPacket.DNSSEC_OK : 0, flag_do: query.edns.do ?? false, options: [] }
    : undefined;
  const packet: Packet = {
    type: "query",
    id,
    flags: query.recursionDesired === false ? 0 : dnsPacket.RECURSION_DESIRED,
    // Type and class are patched in below: dns-packet only encodes the mnemonics it knows.
    questions: [{ name: question.name, type: "A", class: "IN" }],
    additionals: opt ? [opt] : [],
  };
  const message = dnsPacket.encode(packet);
  // The question is the first thing after the 12-byte header; its type and class are its last 4 bytes.
  const at = 12 + questionNameLength(message, 12);
  message.writeUInt16BE(question.type, at);
  message.writeUInt16BE(question.class, at + 2);
  return message;
}

function questionNameLength(message: Buffer, start: number): number {
  let offset = start;
  for (let len = message[offset] ?? 0; len !== 0; len = message[offset] ?? 0) offset += len + 1;
  return offset - start + 1;
}

const RCODES = [
  "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET",
  "NXRRSET", "NOTAUTH", "NOTZONE", "DSOTYPENI",
];
const EXTENDED_RCODES: Readonly<Record<number, string>> = {
  16: "BADVERS", 17: "BADKEY", 18: "BADTIME", 19: "BADMODE", 20: "BADNAME", 21: "BADALG", 22: "BADTRUNC", 23: "BADCOOKIE",
};
const OPCODES = ["QUERY", "IQUERY", "STATUS", "OPCODE3", "NOTIFY", "UPDATE", "DSO"];

export function rcodeName(code: number): string {
  return RCODES[code] ?? EXTENDED_RCODES[code] ?? `RCODE${code}`;
}

interface DecodedMessage {
  readonly id: number;
  readonly type: string;
  readonly flags: number;
  readonly questions: readonly { name: string; type: string; class: string }[];
  readonly answers: readonly Answer[];
  readonly authorities: readonly Answer[];
  readonly additionals: readonly Answer[];
}

interface OptRecord {
  readonly type: "OPT";
  readonly udpPayloadSize: number;
  readonly extendedRcode: number;
  readonly ednsVersion: number;
  readonly flags: number;
  readonly options: readonly { code: number; data?: Uint8Array }[];
}

/** The parts of a result the message alone determines. */
export type ResponseFields = Omit<DnsResult, "server" | "port" | "transport" | "latencyMs" | "truncatedUdp">;

const sameName = (a: string, b: string): boolean => absoluteName(a).toLowerCase() === absoluteName(b).toLowerCase();

/**
 * Reads a reply and decides whether it answers our query. A reply with
 * another id or question is ignored (it may be a late answer to an earlier
 * probe); one that cannot be decoded throws.
 */
export function readResponse(message: Buffer, id: number, question: Question): Verdict<ResponseFields> {
  if (message.length < 12) throw new Error(`message of ${message.length} bytes is shorter than a DNS header`);
  const decoded = dnsPacket.decode(message) as unknown as DecodedMessage;
  if (decoded.type !== "response") return { ignore: "a query, not a response" };
  if (decoded.id !== id) return { ignore: `id ${decoded.id} is not ours (${id})` };
  const asked = decoded.questions[0];
  // A server may leave the question out of an error reply (FORMERR, NOTIMP): the id has to do then.
  if (asked && !(sameName(asked.name, question.name) && typeCode(fromPacketName(asked.type, "type")) === question.type)) {
    return { ignore: `it answers ${asked.name} ${fromPacketName(asked.type, "type")}, not ${question.name} ${typeName(question.type)}` };
  }
  const opt = decoded.additionals.find((a) => a.type === "OPT") as OptRecord | undefined;
  const low = decoded.flags & 0xf;
  const flags: DnsFlags = {
    aa: (decoded.flags & dnsPacket.AUTHORITATIVE_ANSWER) !== 0,
    tc: (decoded.flags & dnsPacket.TRUNCATED_RESPONSE) !== 0,
    rd: (decoded.flags & dnsPacket.RECURSION_DESIRED) !== 0,
    ra: (decoded.flags & dnsPacket.RECURSION_AVAILABLE) !== 0,
    ad: (decoded.flags & dnsPacket.AUTHENTIC_DATA) !== 0,
    cd: (decoded.flags & dnsPacket.CHECKING_DISABLED) !== 0,
  };
  const result: ResponseFields = {
    question: { name: absoluteName(question.name), type: typeName(question.type), class: className(question.class) },
    id: decoded.id,
    rcode: rcodeName(opt ? (opt.extendedRcode << 4) | low : low),
    opcode: OPCODES[(decoded.flags >> 11) & 0xf] ?? `OPCODE${(decoded.flags >> 11) & 0xf}`,
    flags,
    answers: decoded.answers.map(toRecord),
    authority: decoded.authorities.map(toRecord),
    additional: decoded.additionals.filter((a) => a.type !== "OPT").map(toRecord),
    size: message.length,
  };
  return { accept: opt ? { ...result, edns: ednsOf(opt) } : result };
}

function toRecord(answer: Answer): DnsRecord {
  const a = answer as unknown as { name: string; type: string; class: string; ttl: number; data: unknown };
  return {
    name: absoluteName(a.name),
    type: fromPacketName(a.type, "type"),
    class: fromPacketName(a.class, "class"),
    ttl: a.ttl,
    data: presentRdata(a.type, a.data),
  };
}

function ednsOf(opt: OptRecord): DnsEdns {
  return {
    udpSize: opt.udpPayloadSize,
    version: opt.ednsVersion,
    do: (opt.flags & dnsPacket.DNSSEC_OK) !== 0,
    options: opt.options.map((o) => ({ code: o.code, data: o.data ? Buffer.from(o.data).toString("hex") : "" })),
  };
}
