// File contents that test every way of writing a string into Butane YAML and
// an Ignition data URL: the unit tests and the Butane referee both use them.

/** Strings YAML cares about: indentation, chomping, indicators, escapes, line breaks of every kind. */
export const TRICKY_TEXTS: readonly string[] = [
  "plain\n",
  "no trailing newline",
  "two trailing newlines\n\n",
  "three\n\n\n",
  "\n",
  "\n\n",
  "\nleading newline\n",
  "  leading spaces\nsecond\n",
  "\tleading tab\n",
  "middle\n\ttab line\n",
  "# a comment\n- a: list\n? key\n: value\n",
  "--- \n...\n%YAML 1.2\n",
  "'single' and \"double\" quotes, back\\slash\n",
  "trailing spaces   \nhere  \n",
  "whitespace-only line follows\n   \nend\n",
  "ends in whitespace line\n  ",
  "crlf\r\nline\r\n",
  "control \x00 \x07 \x1b chars\n",
  "nel\u0085 ls\u2028 ps\u2029 bom\ufeff\n",
  "del\x7f and c1\x9b\n",
  "unicode: é ü ß 日本 🚀\n",
  "yes",
  "0644",
  "~",
  "null",
  "key: value",
  "  ",
  "",
];
