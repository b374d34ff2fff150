// YAML scalars that read back as exactly the string written, whichever YAML
// 1.1 or 1.2 parser reads them (Butane's is go-yaml). Files go out as literal
// blocks where that is unambiguous and as double-quoted strings otherwise.

/** Plain words that YAML 1.1 would read as booleans or null. */
const RESERVED = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);

/** A plain scalar: starts with a letter, "/" or "_", and holds nothing YAML treats specially. */
const PLAIN = /^[A-Za-z/_][A-Za-z0-9/_.+@=-]*(?: [A-Za-z0-9/_.+@=-]+)*$/;

/**
 * A character that may not appear raw inside a literal block: control
 * characters (C0, DEL, C1) other than tab and line feed, those some parsers
 * treat as line breaks (NEL, LS, PS), the byte order mark, non-characters and
 * lone surrogates (with the v flag a surrogate pair is one code point, never matched).
 */
const BLOCK_UNSAFE = /[[\p{Cc}--[\t\n]]\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/v;

/** A line of spaces and tabs only, not empty. */
const BLANKISH_LINE = /(?:^|\n)[ \t]+(?:\n|$)/;

const MUST_ESCAPE = new Set([0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff]);

/** A one-line scalar: plain when unambiguous, else double-quoted. */
export function inlineScalar(value: string): string {
  return PLAIN.test(value) && !RESERVED.has(value.toLowerCase()) ? value : doubleQuoted(value);
}

/**
 * A scalar as the value of a mapping key at `indent` columns: a literal block
 * (its lines indented two more) when the text allows it, else double-quoted.
 * The result starts right after "key: " and ends without a newline.
 */
export function blockScalar(value: string, indent: number): string {
  // Whitespace-only lines are where parsers disagree on what is indentation.
  if (value === "" || BLOCK_UNSAFE.test(value) || BLANKISH_LINE.test(value)) {
    return doubleQuoted(value);
  }
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x0a) end--;
  const trailing = value.length - end;
  // Clipping keeps one final line break only after a line of text, so text made of line breaks alone needs "+".
  const chomp = trailing === 0 ? "-" : trailing === 1 && trailing < value.length ? "" : "+";
  // Without an explicit indentation the first line's own leading spaces would be taken as indentation.
  const indicator = /^[ \t\n]/.test(value) ? "2" : "";
  // The lines up to the last line break (all of them when there is none), each indented unless empty.
  const body = trailing > 0 ? value.slice(0, value.lastIndexOf("\n")) : value;
  const pad = " ".repeat(indent + 2);
  return `|${indicator}${chomp}\n${body.replace(/^(?=.)/gm, pad)}`;
}

/** Characters a double-quoted scalar cannot hold raw; the rest is copied as it is. */
const NEEDS_ESCAPE = /[\\"\p{Cc}\u2028\u2029\uFEFF\uFFFE\uFFFF\uD800-\uDFFF]/gu;

export function doubleQuoted(value: string): string {
  return `"${value.replace(NEEDS_ESCAPE, escapeOne)}"`;
}

function escapeOne(ch: string): string {
  const code = ch.codePointAt(0)!;
  const named = ESCAPES[ch];
  if (named !== undefined) return named;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `\\x${hex(code, 2)}`;
  if (MUST_ESCAPE.has(code)) return `\\u${hex(code, 4)}`;
  // A lone surrogate cannot be written as UTF-8; encoding the file would make it U+FFFD too.
  return "\\uFFFD";
}

const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  '"': '\\"',
  "\0": "\\0",
  "\t": "\\t",
  "\n": "\\n",
  "\r": "\\r",
};

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, "0");
}
