// Options as values: decoding the data of one option code into its typed
// value, building options from typed values, and the TLV layout of an option
// area (pad, end, and RFC 3396 splitting of data longer than 255 octets).
import { DhcpCodecError } from "./codec-error.ts";
import { concatBytes } from "./bytes.ts";
import { KINDS } from "./option-kinds.ts";
import type { Kind, KindValues } from "./option-kinds.ts";
import { END, PAD, specByCode, specByName } from "./options-table.ts";
import type { KindOf, OptionName } from "./options-table.ts";

export type OptionValue = KindValues[Kind];
export type ValueOf<N extends OptionName> = KindValues[KindOf<N>];

export interface DhcpOption {
  readonly code: number;
  /** The table's name; absent for codes this codec does not know. */
  readonly name?: OptionName;
  /** The option's data, after RFC 3396 concatenation of split instances. */
  readonly data: Uint8Array;
  /** The typed value, or the data itself for unknown codes and malformed data. */
  readonly value: OptionValue;
  /** Why a known option's data did not fit its shape (then `value` is the data). */
  readonly error?: string;
}

/** Anything that can be put in a message: a decoded option or just code and data. */
export interface OptionInput {
  readonly code: number;
  readonly data: Uint8Array;
}

function checkCode(code: number): void {
  if (!Number.isInteger(code) || code <= PAD || code >= END) throw new DhcpCodecError(`option code ${code} is not 1..254`);
}

/** Decodes one option's (concatenated) data; never throws for bad data, it keeps it raw instead. */
export function decodeOption(code: number, data: Uint8Array): DhcpOption {
  const spec = specByCode(code);
  if (!spec) return { code, data, value: data };
  try {
    return { code, name: spec.name, data, value: KINDS[spec.kind].decode(data) as OptionValue };
  } catch (error) {
    if (!(error instanceof DhcpCodecError)) throw error;
    return { code, name: spec.name, data, value: data, error: error.message };
  }
}

/** Builds an option from its name and typed value: `option("routers", ["198.18.0.1"])`. */
export function option<N extends OptionName>(name: N, value: ValueOf<N>): DhcpOption {
  const spec = specByName(name);
  const codec = KINDS[spec.kind] as { encode(v: ValueOf<N>): Uint8Array };
  let data: Uint8Array;
  try {
    data = codec.encode(value);
  } catch (error) {
    // A TypeError here means the value had the wrong shape altogether (a string for a list, say).
    const reason = error instanceof DhcpCodecError ? error.message : `${JSON.stringify(value)} is not a value of kind ${spec.kind}`;
    throw new DhcpCodecError(`cannot encode option ${spec.code} (${name}): ${reason}`, { cause: error });
  }
  return decodeOption(spec.code, data);
}

/** An option from raw bytes, for codes the table lacks or deliberately odd data. */
export function rawOption(code: number, data: Uint8Array): DhcpOption {
  checkCode(code);
  return decodeOption(code, data);
}

/** Finds an option by name or code. */
export function findOption(options: readonly DhcpOption[], key: OptionName | number): DhcpOption | undefined {
  const code = typeof key === "number" ? key : specByName(key).code;
  return options.find((o) => o.code === code);
}

/** The typed value of a named option, if present and well formed. */
export function optionValue<N extends OptionName>(options: readonly DhcpOption[], name: N): ValueOf<N> | undefined {
  const found = findOption(options, name);
  if (found === undefined || found.error !== undefined) return undefined;
  return found.value as ValueOf<N>;
}

/** Lays options out as TLVs, splitting data over 255 octets into consecutive instances (RFC 3396 §7). */
export function encodeOptionTlvs(options: readonly OptionInput[]): Uint8Array[] {
  const tlvs: Uint8Array[] = [];
  for (const o of options) {
    checkCode(o.code);
    if (o.data.length === 0) {
      tlvs.push(Uint8Array.of(o.code, 0));
      continue;
    }
    for (let at = 0; at < o.data.length; at += 255) {
      const chunk = o.data.subarray(at, at + 255);
      tlvs.push(concatBytes([Uint8Array.of(o.code, chunk.length), chunk]));
    }
  }
  return tlvs;
}

export interface RawInstance {
  readonly code: number;
  readonly data: Uint8Array;
}

/** Reads the TLVs of one option area up to its end option (or its last octet). */
export function readOptionArea(area: Uint8Array, where: string): RawInstance[] {
  const out: RawInstance[] = [];
  let at = 0;
  while (at < area.length) {
    const code = area[at]!;
    if (code === PAD) {
      at += 1;
      continue;
    }
    if (code === END) break;
    if (at + 1 >= area.length) throw new DhcpCodecError(`option ${code} at offset ${at} of the ${where} has no length octet`);
    const len = area[at + 1]!;
    if (at + 2 + len > area.length) throw new DhcpCodecError(`option ${code} at offset ${at} of the ${where} claims ${len} octets, only ${area.length - at - 2} left`);
    out.push({ code, data: area.subarray(at + 2, at + 2 + len) });
    at += 2 + len;
  }
  return out;
}

/** Joins every instance of a code into one option (RFC 3396 §6), in order of first appearance. */
export function concatenateInstances(instances: readonly RawInstance[]): DhcpOption[] {
  const parts = new Map<number, Uint8Array[]>();
  for (const i of instances) {
    const list = parts.get(i.code);
    if (list) list.push(i.data);
    else parts.set(i.code, [i.data]);
  }
  return [...parts].map(([code, list]) => decodeOption(code, list.length === 1 ? list[0]! : concatBytes(list)));
}
