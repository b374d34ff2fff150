// Quoting for values that systemd (or quadlet, which hands them on to an
// ExecStart= line) splits into words. systemd expands "%" specifiers in every
// such value and "$VAR" in command lines, so both are doubled to stay literal.

/** Characters a word may hold without quotes. */
const BARE = /^[A-Za-z0-9_@%$+=:,./-]+$/;

/** Makes "%" literal where systemd expands specifiers (Description=, paths). */
export function escapeSpecifiers(text: string): string {
  return text.replace(/%/g, "%%");
}

/** One word of a systemd command line (Exec=, ExecStart=, Environment=). */
export function quoteWord(word: string): string {
  const literal = escapeSpecifiers(word).replace(/\$/g, () => "$$");
  // A lone ";" separates commands on older systemd command lines.
  if (word === ";") return "\\;";
  if (BARE.test(word)) return literal;
  return `"${cEscape(literal)}"`;
}

/** A command line: each word quoted as needed, joined by spaces. */
export function commandLine(words: readonly string[]): string {
  return words.map(quoteWord).join(" ");
}

function cEscape(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\" || ch === '"') out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out;
}
