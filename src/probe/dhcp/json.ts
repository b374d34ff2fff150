// Probe results as plain JSON: octet strings become colon-separated hex, the
// way Kea's lease files and tshark print them, so results can cross a process
// boundary (the probe agent in a client namespace) and land in reports.
import { bytesToColonHex } from "./bytes.ts";

export function toJsonValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return bytesToColonHex(value);
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}

export function toJson(value: unknown, indent?: number): string {
  return JSON.stringify(toJsonValue(value), undefined, indent);
}
