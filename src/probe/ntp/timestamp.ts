// NTP timestamps (RFC 5905 §6): 32 bits of seconds since 1900 and 32 bits of
// fraction, read here into Unix milliseconds with the fraction kept (to
// ~0.2 µs, what a double holds at today's magnitude). The seconds field wraps
// in 2036; a reading is placed in the era closest to a reference time, which
// is what RFC 5905 means by computing "modulo 2^64".

/** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
export const NTP_UNIX_OFFSET_S = 2_208_988_800;
const ERA_MS = 2 ** 32 * 1000;
const FRACTION = 2 ** 32;

export function writeTimestamp(target: Buffer, offset: number, unixMs: number): void {
  const totalSeconds = Math.floor(unixMs / 1000);
  let fraction = Math.round(((unixMs - totalSeconds * 1000) / 1000) * FRACTION);
  let seconds = totalSeconds + NTP_UNIX_OFFSET_S;
  if (fraction >= FRACTION) {
    fraction -= FRACTION;
    seconds += 1;
  }
  target.writeUInt32BE(((seconds % 2 ** 32) + 2 ** 32) % 2 ** 32, offset);
  target.writeUInt32BE(fraction, offset + 4);
}

export function isZeroTimestamp(source: Buffer, offset: number): boolean {
  return source.readUInt32BE(offset) === 0 && source.readUInt32BE(offset + 4) === 0;
}

/** A timestamp as Unix ms in the era nearest `nearMs`. */
export function readTimestamp(source: Buffer, offset: number, nearMs: number): number {
  const seconds = source.readUInt32BE(offset);
  const fraction = source.readUInt32BE(offset + 4);
  const era0 = (seconds - NTP_UNIX_OFFSET_S) * 1000 + (fraction / FRACTION) * 1000;
  const era = Math.round((nearMs - era0) / ERA_MS);
  return era0 + era * ERA_MS;
}

/** NTP short format (16.16 fixed point seconds): root delay and root dispersion. */
export function readShort(source: Buffer, offset: number): number {
  return source.readUInt16BE(offset) + source.readUInt16BE(offset + 2) / 65536;
}
