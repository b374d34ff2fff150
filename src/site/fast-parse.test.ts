import { describe, it } from "node:test";
import { expect } from "chai";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { LineCounter, parseDocument } from "yaml";
import { fastParse } from "./fast-parse.ts";
import { loadSite, loadWithPositions } from "./load.ts";
import { duplicateKeys } from "./yaml-issues.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures/", import.meta.url));
const texts = (dir: string) => readdirSync(join(FIXTURES, dir)).filter((f) => f.endsWith(".yaml")).sort().map((f) => readFileSync(join(FIXTURES, dir, f), "utf8"));
const SITES = texts("sites");
const SMALL = readFileSync(join(FIXTURES, "sites", "small-office.yaml"), "utf8");

/** The data the `yaml` package reads, or undefined when it reports an error or a key written twice. */
function yamlReading(text: string): { data: unknown } | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: false });
  if (doc.errors.length > 0 || duplicateKeys(doc, lines).paths.length > 0) return undefined;
  try {
    return { data: doc.toJS({ maxAliasCount: 100 }) };
  } catch {
    return undefined;
  }
}

/** What the fast reading must never break: when it reads a text, `yaml` reads the same data without complaint. */
function agrees(text: string): boolean {
  const fast = fastParse(text);
  if (fast === undefined) return true;
  const slow = yamlReading(text);
  return slow !== undefined && isDeepStrictEqual(fast.data, slow.data);
}

function edited(from: string, to: string): string {
  expect(SMALL.split(from).length - 1, `edit ${from}`).to.equal(1);
  return SMALL.replace(from, to);
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describe("fastParse", () => {
  it("reads the example sites and every bad site it accepts as the yaml package does", () => {
    for (const text of SITES) expect(fastParse(text)).to.deep.equal(yamlReading(text));
    for (const text of texts("bad")) expect(agrees(text)).to.equal(true);
  });

  it("reads the core schema's numbers, booleans and nulls as yaml does", () => {
    const text = "a: [1, -2, +3, 0o17, 0x1F, 1.5, .5, 1., 1e3, -1E-2, .inf, -.Inf, .NaN, true, False, TRUE, null, Null, ~, '', 1_000, 0b1, 012, yes, on, .nan.x]\nb:\n";
    expect(fastParse(text)).to.deep.equal(yamlReading(text));
  });

  it("gives up where yaml and js-yaml part ways, or where only yaml can say what is wrong", () => {
    const cases = {
      "a number too large for a double (yaml: Infinity, js-yaml: a string)": ["a: 1e400", `a: ${"9".repeat(400)}`, `a: 0x${"f".repeat(300)}`],
      "a key that is not a string (yaml reads ~ as the key \"\", js-yaml as \"null\")": ["~: 1", "null: 1", "1: a", "true: a", "[1, 2]: a", "? {a: 1}\n: b"],
      "a directive (under %YAML 1.1, yaml reads yes as true)": ["%YAML 1.1\n---\na: yes", "%YAML 1.2\n---\na: 1"],
      "an explicit tag": ["a: !!str 1", "a: !custom x", "a: !!binary aGVsbG8="],
      "an implicit key over yaml's limit of 1024 characters": [`${"k".repeat(1100)}: 1`, `k${" ".repeat(1100)}: 1`],
      "a key written twice": ["a: 1\na: 2", "a: 1\n'a': 2"],
      "an alias": ["a: &x 1\nb: *x", "a: *x"],
      "other than one document": ["", "# only a comment\n", "a: 1\n---\nb: 2"],
      "a syntax error": ["a: [1, 2", "a:\n\t- 1", "a: \"\\q\""],
      "a __proto__ key": ["__proto__: {a: 1}"],
      "a carriage return alone (a line break for js-yaml, text for yaml)": ["a:\r- x\r- y", "a: b\r", "a: \r"],
      "a value after a comment line (yaml runs it on into the next entry)": ["k:\n  -\n  #c\n   a\n  - b\n", "k:\n#c\n v\nj: w\n", "k:\n#c\n\n 'v'\n"],
      "an anchor (yaml refuses one before a key on the same line)": ["a: &x b: c", "a: &x 1"],
      "an explicit indentation indicator (yaml and js-yaml read spaces-only lines differently)": ["a: |2-\n   \n", "a: >1\n  x\n"],
      "a document end marker (yaml refuses two)": ["a: b\n...\n...\n", "a: b\n...\n"],
      "a root that is not a mapping": [" |2-\n   x\n", "\tab\n b\n", "- a", "text", "[a]"],
    };
    for (const [why, texts] of Object.entries(cases)) for (const text of texts) expect(fastParse(text), `${why}: ${JSON.stringify(text)}`).to.equal(undefined);
  });

  it("leaves a site that only yaml reads as invalid to the slow path, which reports it", () => {
    const sites = [
      // yaml reads 1e400 as a number (Infinity), js-yaml as the valid name "1e400".
      edited("  name: small-office", "  name: 1e400"),
      // yaml reads the key ~ as "", which is no segment; js-yaml as "null", the segment's name.
      edited("  - name: lan", '  - name: "null"').replaceAll("      lan: {", "      ~: {"),
      // Under YAML 1.1, yaml reads `on` as true; js-yaml reads the valid name "on".
      `%YAML 1.1\n---\n${edited("  name: small-office", "  name: on")}`,
      // yaml runs a value written after a comment line on into the next key (when "#" has no space after it).
      edited("  domain: office.example.com\n", "  domain:\n#the-site's-domain\n    office.example.com\n"),
      // With old Mac line ends, yaml reads one long name; js-yaml reads the lines.
      edited("  name: small-office\n", "  name: small-office\r"),
      // yaml refuses an implicit key that runs over 1024 characters before its colon.
      edited("  name: small-office", `  name${" ".repeat(1100)}: small-office`),
    ];
    for (const text of sites) {
      const slow = loadWithPositions(text);
      expect(slow.ok, text.slice(0, 200)).to.equal(false);
      expect(loadSite(text)).to.deep.equal(slow);
    }
  });

  it("loads the example sites to the same Site either way", () => {
    for (const text of SITES) expect(loadSite(text)).to.deep.equal(loadWithPositions(text));
  });

  it("never reads an edited site differently from yaml", () => {
    const next = random(42);
    const pieces = [" ", "\t", "\n", ":", ": ", "- ", "#", " #", "'", '"', "[", "]", "{", "}", ",", "? ", "&a ", "*a", "!!str ", "|", ">", "%", "~", "null", "1e400", "0x", "0o7", "1_0", "\\", "\r", "\u0085", "\ufeff", "---", "...", "\x07", ".inf", "12", "true", "yes", "é", "\u2028", "\n  ", "\n- ", "\r\n"];
    const seeds = [...SITES, ...texts("bad")];
    let read = 0;
    for (let i = 0; i < 500; i++) {
      let text = seeds[Math.floor(next() * seeds.length)]!;
      for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
        const at = Math.floor(next() * text.length);
        const op = next();
        if (op < 0.5) text = text.slice(0, at) + pieces[Math.floor(next() * pieces.length)]! + text.slice(at);
        else if (op < 0.8) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(next() * 3));
        else {
          const from = Math.floor(next() * text.length);
          text = text.slice(0, at) + text.slice(from, from + 1 + Math.floor(next() * 10)) + text.slice(at);
        }
      }
      if (fastParse(text) !== undefined) read++;
      expect(agrees(text), JSON.stringify(text)).to.equal(true);
    }
    // Most edits leave valid YAML: the fast reading is really tried.
    expect(read).to.be.greaterThan(100);
  });
});
