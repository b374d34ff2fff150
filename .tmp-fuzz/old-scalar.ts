// YAML scalars that read back as exactly the string written, whichever YAML
// 1.1 or 1.2 parser reads them (Butane's is go-yaml). Files go out as literal
// blocks where that is unambiguous and as double-quoted strings otherwise.

/** Plain words that YAML 1.1 would read as booleans or null. */
const RESERVED = new Set(["y", "n", "yes", "no", "on", "off", "true", "false", "null"]);

/** A plain scalar: starts with a letter, "/" or "_", and holds nothing YAML treats specially. */
const PLAIN = /^[A-Za-z/_][A-Za-z0-9/_.+@=-]*(?: [A-Za-z0-9/_.+@=-]+)*$/;

/**
 * Whether a character may appear raw inside a literal block: tab and printable
 * characters only, minus those some parsers treat as line breaks (NEL, LS,
 * PS), the byte order mark, non-characters and lone surrogates.
 */
function blockSafe(code: number): boolean {
  if (code === 0x09) return true;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
  return !MUST_ESCAPE.has(code) && !(code >= 0xd800 && code <= 0xdfff);
}

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
  const lines = value.split("\n");
  const unsafe = [...value].some((ch) => ch !== "\n" && !blockSafe(ch.codePointAt(0)!));
  // Whitespace-only lines are where parsers disagree on what is indentation.
  const blankish = lines.some((l) => l !== "" && /^[ \t]*$/.test(l));
  if (value === "" || unsafe || blankish) {
    return doubleQuoted(value);
  }
  const trailing = value.length - value.replace(/\n+$/, "").length;
  // Clipping keeps one final line break only after a line of text, so text made of line breaks alone needs "+".
  const chomp = trailing === 0 ? "-" : trailing === 1 && trailing < value.length ? "" : "+";
  // Without an explicit indentation the first line's own leading spaces would be taken as indentation.
  const indicator = /^[ \t\n]/.test(value) ? "2" : "";
  const body = trailing > 0 ? lines.slice(0, -1) : lines;
  const pad = " ".repeat(indent + 2);
  return [`|${indicator}${chomp}`, ...body.map((l) => (l === "" ? "" : pad + l))].join("\n");
}

export function doubleQuoted(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    const named = ESCAPES[ch];
    if (named !== undefined) out += named;
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${hex(code, 2)}`;
    else if (MUST_ESCAPE.has(code)) out += `\\u${hex(code, 4)}`;
    // A lone surrogate cannot be written as UTF-8; encoding the file would make it U+FFFD too.
    else if (code >= 0xd800 && code <= 0xdfff) out += "\\uFFFD";
    else out += ch;
  }
  return `${out}"`;
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
