import { describe, it } from "node:test";
import { expect } from "chai";
import * as dnsPacket from "dns-packet";
import type { Answer } from "dns-packet";
import { encodeQuery, questionOf, rcodeName, readResponse } from "./message.ts";
import type { ResponseFields } from "./message.ts";

const question = questionOf({ name: "www.example.test", type: "A" });

function response(init: { id?: number; flags?: number; name?: string; type?: string; answers?: Answer[]; authorities?: Answer[]; additionals?: Answer[] }): Buffer {
  return dnsPacket.encode({
    type: "response",
    id: init.id ?? 4242,
    flags: init.flags ?? 0,
    questions: [{ name: init.name ?? "www.example.test", type: (init.type ?? "A") as "A", class: "IN" }],
    answers: init.answers ?? [],
    authorities: init.authorities ?? [],
    additionals: init.additionals ?? [],
  });
}

function accepted(message: Buffer, id = 4242, q = question): ResponseFields {
  const verdict = readResponse(message, id, q);
  if (!("accept" in verdict)) throw new Error(`ignored: ${verdict.ignore}`);
  return verdict.accept;
}

describe("DNS messages", () => {
  it("encodes a query with our id, RD and the question", () => {
    const bytes = encodeQuery({}, question, 0x1234);
    const decoded = dnsPacket.decode(bytes);
    expect(decoded.id).to.equal(0x1234);
    expect(decoded.flag_rd).to.equal(true);
    expect(decoded.questions).to.deep.equal([{ name: "www.example.test", type: "A", class: "IN" }]);
    expect(decoded.additionals).to.have.length(0);
  });

  it("encodes types and classes dns-packet has no name for", () => {
    const bytes = encodeQuery({ recursionDesired: false }, questionOf({ name: "svc.example.test", type: "HTTPS", class: "CH" }), 1);
    const decoded = dnsPacket.decode(bytes);
    expect(decoded.flag_rd).to.equal(false);
    expect(decoded.questions?.[0]).to.deep.equal({ name: "svc.example.test", type: "UNKNOWN_65", class: "CH" });
  });

  it("adds an OPT record for EDNS with the DO bit when asked", () => {
    const decoded = dnsPacket.decode(encodeQuery({ edns: { udpSize: 1232, do: true } }, question, 1));
    const opt = decoded.additionals?.[0] as { type: string; udpPayloadSize: number; flag_do: boolean };
    expect(opt.type).to.equal("OPT");
    expect(opt.udpPayloadSize).to.equal(1232);
    expect(opt.flag_do).to.equal(true);
  });

  it("reads flags, rcode and every section as presentation text", () => {
    const r = accepted(response({
      flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | 3,
      answers: [
        { type: "A", name: "www.example.test", ttl: 300, data: "198.18.0.10" },
        { type: "TXT", name: "www.example.test", ttl: 60, data: ["hello world"] },
      ],
      authorities: [{ type: "NS", name: "example.test", ttl: 3600, data: "ns1.example.test" }],
      additionals: [{ type: "A", name: "ns1.example.test", ttl: 3600, data: "198.18.0.2" }],
    }));
    expect(r.rcode).to.equal("NXDOMAIN");
    expect(r.opcode).to.equal("QUERY");
    expect(r.flags).to.deep.equal({ aa: true, tc: false, rd: true, ra: false, ad: false, cd: false });
    expect(r.question).to.deep.equal({ name: "www.example.test.", type: "A", class: "IN" });
    expect(r.answers).to.deep.equal([
      { name: "www.example.test.", type: "A", class: "IN", ttl: 300, data: "198.18.0.10" },
      { name: "www.example.test.", type: "TXT", class: "IN", ttl: 60, data: '"hello world"' },
    ]);
    expect(r.authority[0]?.data).to.equal("ns1.example.test.");
    expect(r.additional[0]?.name).to.equal("ns1.example.test.");
    expect(r.edns).to.equal(undefined);
  });

  it("reports EDNS apart from the additional section and folds in the extended rcode", () => {
    const r = accepted(response({
      additionals: [{ type: "OPT", name: ".", udpPayloadSize: 1232, extendedRcode: 1, ednsVersion: 0, flags: dnsPacket.DNSSEC_OK, flag_do: true, options: [] }],
    }));
    expect(r.additional).to.have.length(0);
    expect(r.edns).to.deep.equal({ udpSize: 1232, version: 0, do: true, options: [] });
    expect(r.rcode).to.equal("BADVERS");
  });

  it("renders records of types without a codec generically", () => {
    const q = questionOf({ name: "svc.example.test", type: "TYPE65" });
    const r = accepted(response({ name: "svc.example.test", type: "UNKNOWN_65", answers: [{ type: "UNKNOWN_65" as "NULL", name: "svc.example.test", ttl: 5, data: Buffer.from("0001", "hex") }] }), 4242, q);
    expect(r.answers[0]).to.deep.include({ type: "HTTPS", data: "\\# 2 0001" });
  });

  it("ignores replies that are not ours", () => {
    expect(readResponse(response({ id: 1 }), 4242, question)).to.deep.equal({ ignore: "id 1 is not ours (4242)" });
    expect(readResponse(response({ name: "other.example.test" }), 4242, question)).to.have.property("ignore").that.matches(/other\.example\.test A/);
    expect(readResponse(encodeQuery({}, question, 4242), 4242, question)).to.deep.equal({ ignore: "a query, not a response" });
  });

  it("matches the question name without regard to case or the final dot", () => {
    expect(accepted(response({ name: "WWW.Example.TEST" })).id).to.equal(4242);
  });

  it("throws on a message too short to read", () => {
    expect(() => readResponse(Buffer.alloc(5), 1, question)).to.throw(/shorter than a DNS header/);
  });

  it("names rcodes, extended ones and unassigned ones", () => {
    expect(rcodeName(2)).to.equal("SERVFAIL");
    expect(rcodeName(23)).to.equal("BADCOOKIE");
    expect(rcodeName(15)).to.equal("RCODE15");
  });
});
