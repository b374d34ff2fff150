// Options written as JSON, for probe plans that cross a process boundary:
// `{ "name": "user-class", "value": { "format": "raw", "text": "iPXE" } }` or
// `{ "code": 224, "hex": "0102" }`. Octet strings are hex (colons allowed),
// the same form toJson() prints them in.
import { hexToBytes } from "./bytes.ts";
import { DhcpCodecError } from "./codec-error.ts";
import type { Kind } from "./option-kinds.ts";
import { option, rawOption } from "./options.ts";
import type { DhcpOption } from "./options.ts";
import { specByCode, specByName } from "./options-table.ts";
import type { OptionName } from "./options-table.ts";

export interface OptionJson {
  readonly name?: string;
  readonly code?: number;
  readonly value?: unknown;
  readonly hex?: string;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new DhcpCodecError(`${what} must be an object`);
  return value as Record<string, unknown>;
}

function hex(value: unknown, what: string): Uint8Array {
  if (typeof value !== "string") throw new DhcpCodecError(`${what} must be a hex string`);
  return hexToBytes(value);
}

/** Turns the JSON forms of octet strings into bytes; everything else is already its typed value. */
function typedValue(kind: Kind, value: unknown): unknown {
  switch (kind) {
    case "bytes":
      return hex(value, "the value");
    case "client-id": {
      const v = record(value, "a client identifier");
      return { type: v.type, id: hex(v.id, "its id") };
    }
    case "relay-agent": {
      if (!Array.isArray(value)) throw new DhcpCodecError("relay agent information must be a list of sub-options");
      return value.map((s: unknown) => {
        const v = record(s, "a sub-option");
        return { code: v.code, data: hex(v.data, "its data") };
      });
    }
    default:
      return value;
  }
}

export function optionFromJson(spec: OptionJson): DhcpOption {
  try {
    if (spec.hex !== undefined) {
      const code = spec.code ?? (spec.name === undefined ? undefined : specByName(spec.name as OptionName).code);
      if (code === undefined) throw new DhcpCodecError("an option with hex data needs a code or a name");
      return rawOption(code, hexToBytes(spec.hex));
    }
    const known = spec.name !== undefined ? specByName(spec.name as OptionName) : spec.code !== undefined ? specByCode(spec.code) : undefined;
    if (!known) throw new DhcpCodecError("an option needs a known name (or a code with hex data)");
    // The kind decides the value's shape; option() checks it while encoding.
    return option(known.name, typedValue(known.kind, spec.value) as never);
  } catch (error) {
    throw new DhcpCodecError(`option ${JSON.stringify(spec)}: ${(error as Error).message}`, { cause: error });
  }
}
