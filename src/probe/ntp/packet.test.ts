import { describe, it } from "node:test";
import { expect } from "chai";
import { encodeRequest, readReply } from "./packet.ts";
import type { NtpReply } from "./packet.ts";
import { serverReply } from "./testing/fake-reply.ts";
import { readTimestamp } from "./timestamp.ts";

const T1 = Date.UTC(2026, 4, 1, 12, 0, 0) + 0.125;

function accepted(reply: Buffer, request: Buffer, t4: number): NtpReply {
  const verdict = readReply(reply, request, t4);
  if (!("accept" in verdict)) throw new Error(`ignored: ${verdict.ignore}`);
  return verdict.accept;
}

describe("NTP packets", () => {
  it("builds a 48-byte NTPv4 client request carrying t1 as its transmit timestamp", () => {
    const request = encodeRequest(T1);
    expect(request).to.have.length(48);
    expect(request[0]).to.equal(0x23); // LI 0, VN 4, mode 3
    expect(request.subarray(1, 40).every((b) => b === 0)).to.equal(true);
    expect(readTimestamp(request, 40, T1)).to.be.closeTo(T1, 0.000_5);
    expect(encodeRequest(T1, 3)[0]).to.equal(0x1b);
  });

  it("reads every header field and computes offset and delay from fixed times", () => {
    const request = encodeRequest(T1);
    const reply = serverReply(request, {
      stratum: 3, referenceId: "198.51.100.7", poll: 6, precision: -23, rootDelay: 0.015625, rootDispersion: 0.5,
      referenceMs: T1 - 64_000, receiveMs: T1 + 110, transmitMs: T1 + 115,
    });
    const r = accepted(reply, request, T1 + 20);
    expect(r).to.deep.include({
      leap: "none", version: 4, mode: 4, stratum: 3, poll: 6, precision: -23,
      rootDelaySeconds: 0.015625, rootDispersionSeconds: 0.5, referenceId: "198.51.100.7", synchronized: true,
    });
    expect(r.t1).to.be.closeTo(T1, 0.000_5);
    expect(r.t2).to.be.closeTo(T1 + 110, 0.000_5);
    expect(r.t3).to.be.closeTo(T1 + 115, 0.000_5);
    expect(r.t4).to.equal(T1 + 20);
    expect(r.offsetMs).to.be.closeTo(102.5, 0.001);
    expect(r.delayMs).to.be.closeTo(15, 0.001);
    expect(r.referenceTime).to.equal(new Date(Math.trunc(T1 - 64_000)).toISOString());
    expect(r.receiveTime).to.equal("2026-05-01T12:00:00.110Z");
    expect(r.originTime).to.equal("2026-05-01T12:00:00.000Z");
  });

  it("reads a stratum-1 clock name and an unsynchronised server", () => {
    const request = encodeRequest(T1);
    const gps = accepted(serverReply(request, { stratum: 1, referenceId: "GPS", receiveMs: T1, transmitMs: T1 }), request, T1);
    expect(gps.referenceId).to.equal("GPS");
    const lost = accepted(serverReply(request, { leap: 3, stratum: 16, receiveMs: T1, transmitMs: T1 }), request, T1);
    expect(lost.leap).to.equal("unsynchronized");
    expect(lost.synchronized).to.equal(false);
    expect(lost.referenceTime).to.equal(null);
  });

  it("accepts a kiss-o'-death with its code for the caller to judge", () => {
    const request = encodeRequest(T1);
    const kod = accepted(serverReply(request, { stratum: 0, referenceId: "RATE", receiveMs: 0, transmitMs: 0 }), request, T1);
    expect(kod.stratum).to.equal(0);
    expect(kod.referenceId).to.equal("RATE");
  });

  it("ignores packets that do not answer our request", () => {
    const request = encodeRequest(T1);
    const other = encodeRequest(T1 + 1);
    expect(readReply(serverReply(other, { receiveMs: T1, transmitMs: T1 }), request, T1)).to.deep.equal({ ignore: "its origin timestamp is not our transmit timestamp" });
    expect(readReply(serverReply(request, { mode: 5, receiveMs: T1, transmitMs: T1 }), request, T1)).to.deep.equal({ ignore: "mode 5 is not a server reply" });
    expect(readReply(Buffer.alloc(20), request, T1)).to.have.property("ignore").that.matches(/shorter/);
  });
});
