// RFC 2397 data URLs, the way Ignition carries inline file contents.
import { gunzipSync } from "node:zlib";

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Percent-encodes the UTF-8 bytes of `text`, keeping only RFC 3986 unreserved
 * characters as they are: plain text stays readable in diffs and no
 * character can be misread by a URL parser.
 */
export function dataUrl(text: string): string {
  let out = "data:,";
  for (const byte of new TextEncoder().encode(text)) {
    const ch = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The bytes a data URL carries, base64 or percent-encoded, gunzipped when `compression` is "gzip". */
export function decodeDataUrl(url: string, compression?: string): Buffer {
  if (!url.startsWith("data:")) throw new Error(`not a data URL: ${url.slice(0, 40)}`);
  const comma = url.indexOf(",");
  if (comma < 0) throw new Error(`data URL without a comma: ${url.slice(0, 40)}`);
  const meta = url.slice("data:".length, comma);
  const payload = url.slice(comma + 1);
  const raw = meta.split(";").includes("base64") ? Buffer.from(payload, "base64") : percentDecode(payload);
  if (compression === undefined || compression === "") return raw;
  if (compression === "gzip") return gunzipSync(raw);
  throw new Error(`unknown compression "${compression}"`);
}

function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3);
    if (text[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      const cp = text.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      bytes.push(...encoder.encode(ch));
      i += ch.length - 1;
    }
  }
  return Buffer.from(bytes);
}
