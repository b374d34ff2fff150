import { describe, it } from "node:test";
import { expect } from "chai";
import { NTP_UNIX_OFFSET_S, isZeroTimestamp, readShort, readTimestamp, writeTimestamp } from "./timestamp.ts";

describe("NTP timestamps", () => {
  it("puts the Unix epoch at 2208988800 seconds after 1900", () => {
    const b = Buffer.alloc(8);
    writeTimestamp(b, 0, 0);
    expect(b.readUInt32BE(0)).to.equal(NTP_UNIX_OFFSET_S);
    expect(b.readUInt32BE(4)).to.equal(0);
  });

  it("keeps sub-millisecond fractions through a round trip", () => {
    const b = Buffer.alloc(8);
    const t = 1_795_632_307_336.646;
    writeTimestamp(b, 0, t);
    expect(readTimestamp(b, 0, t)).to.be.closeTo(t, 0.001);
    writeTimestamp(b, 0, 1500.5);
    expect(b.readUInt32BE(0)).to.equal(NTP_UNIX_OFFSET_S + 1);
    expect(b.readUInt32BE(4)).to.equal(Math.round(0.5005 * 2 ** 32));
  });

  it("places a reading in the era nearest the reference time (the 2036 wrap)", () => {
    const after2036 = Date.UTC(2036, 1, 8, 0, 0, 0); // just past the era 0 wrap on 2036-02-07T06:28:16Z
    const b = Buffer.alloc(8);
    writeTimestamp(b, 0, after2036);
    expect(b.readUInt32BE(0)).to.be.below(86_400);
    expect(readTimestamp(b, 0, after2036 + 5_000)).to.equal(after2036);
    // A local clock still in era 0 reads it as just ahead, not as 1900.
    expect(readTimestamp(b, 0, Date.UTC(2036, 0, 1))).to.equal(after2036);
    const before = Date.UTC(2036, 0, 1);
    writeTimestamp(b, 0, before);
    expect(readTimestamp(b, 0, after2036)).to.equal(before);
  });

  it("tells an unset (zero) timestamp apart", () => {
    expect(isZeroTimestamp(Buffer.alloc(8), 0)).to.equal(true);
    expect(isZeroTimestamp(Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), 0)).to.equal(false);
  });

  it("reads the 16.16 short format", () => {
    expect(readShort(Buffer.from([0, 1, 0x80, 0]), 0)).to.equal(1.5);
  });
});
