// Domain names in DNS wire format (RFC 1035 §3.1 and §4.1.4), as option 119
// (domain search, RFC 3397) and option 81 (client FQDN, RFC 4702) carry them.
// Option 119 may use compression pointers; they count from the start of the
// option's data after RFC 3396 concatenation, not from the start of the packet.
import { DhcpCodecError } from "./codec-error.ts";

const MAX_LABEL = 63;
const MAX_NAME = 255;

function labelsOf(name: string): string[] {
  const trimmed = name.endsWith(".") ? name.slice(0, -1) : name;
  if (trimmed === "") return [];
  const labels = trimmed.split(".");
  for (const label of labels) {
    if (label.length === 0) throw new DhcpCodecError(`domain name "${name}" has an empty label`);
    if (Buffer.byteLength(label, "latin1") > MAX_LABEL) throw new DhcpCodecError(`label "${label}" of "${name}" is longer than ${MAX_LABEL} octets`);
  }
  return labels;
}

/**
 * Encodes a list of names. With `compress`, a name whose tail was already
 * written points at it, as RFC 3397 asks servers to do.
 */
export function encodeDomainList(names: readonly string[], compress = true): Uint8Array {
  const out: number[] = [];
  const written = new Map<string, number>();
  for (const name of names) {
    const labels = labelsOf(name);
    let i = 0;
    for (; i < labels.length; i++) {
      const suffix = labels.slice(i).join(".").toLowerCase();
      const at = compress ? written.get(suffix) : undefined;
      if (at !== undefined) {
        out.push(0xc0 | (at >> 8), at & 0xff);
        break;
      }
      // Pointers hold 14 bits; later names simply cannot point past that.
      if (out.length < 0x4000) written.set(suffix, out.length);
      const bytes = Buffer.from(labels[i]!, "latin1");
      out.push(bytes.length, ...bytes);
    }
    if (i === labels.length) out.push(0);
  }
  return Uint8Array.from(out);
}

/** Decodes every name of a (possibly compressed) list that fills `data`. */
export function decodeDomainList(data: Uint8Array): string[] {
  const names: string[] = [];
  let at = 0;
  while (at < data.length) {
    const { name, next } = readName(data, at);
    names.push(name);
    at = next;
  }
  return names;
}

/** Reads one name at `start`; `next` is where the following name begins. */
export function readName(data: Uint8Array, start: number, allowPartial = false): { name: string; next: number; partial: boolean } {
  const labels: string[] = [];
  let at = start;
  let next: number | undefined;
  let jumps = 0;
  let length = 0;
  for (;;) {
    if (at >= data.length) {
      // RFC 4702 §2.3.1 lets a client send a partial name without the root label.
      if (allowPartial && next === undefined) return { name: labels.join("."), next: at, partial: true };
      throw new DhcpCodecError(`domain name at offset ${start} runs past the end of the data (${data.length} octets)`);
    }
    const len = data[at]!;
    if (len === 0) {
      next ??= at + 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (at + 1 >= data.length) throw new DhcpCodecError(`compression pointer at offset ${at} is cut short`);
      const target = ((len & 0x3f) << 8) | data[at + 1]!;
      // Only backward pointers can be followed without risking a loop.
      if (target >= at) throw new DhcpCodecError(`compression pointer at offset ${at} points forward to ${target}`);
      if (++jumps > 127) throw new DhcpCodecError(`too many compression pointers in the name at offset ${start}`);
      next ??= at + 2;
      at = target;
      continue;
    }
    if ((len & 0xc0) !== 0) throw new DhcpCodecError(`label type 0x${(len & 0xc0).toString(16)} at offset ${at} is not supported`);
    if (at + 1 + len > data.length) throw new DhcpCodecError(`label at offset ${at} runs past the end of the data`);
    labels.push(Buffer.from(data.subarray(at + 1, at + 1 + len)).toString("latin1"));
    length += len + 1;
    if (length > MAX_NAME) throw new DhcpCodecError(`domain name at offset ${start} is longer than ${MAX_NAME} octets`);
    at += 1 + len;
  }
  return { name: labels.join("."), next, partial: false };
}

/** One name without compression; a partial name leaves out the root label. */
export function encodeName(name: string, partial = false): Uint8Array {
  const out: number[] = [];
  for (const label of labelsOf(name)) {
    const bytes = Buffer.from(label, "latin1");
    out.push(bytes.length, ...bytes);
  }
  if (!partial) out.push(0);
  return Uint8Array.from(out);
}
