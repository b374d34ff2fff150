import { describe, it } from "node:test";
import { expect } from "chai";
import { stringify } from "yaml";
import { blockYaml, YAML_OPTIONS } from "./block-yaml.ts";

/** Strings whose YAML form depends on what they look like: plain, quoted either way, or left to stringify. */
const AWKWARD = [
  "plain",
  "with space",
  "198.18.10.2",
  "198.18.10.0/24",
  "1.5",
  "1e3",
  "0x1F",
  "0o17",
  "42",
  "-7",
  ".inf",
  ".nan",
  "true",
  "False",
  "null",
  "NULL",
  "~",
  "yes",
  "",
  " leading",
  "trailing ",
  "-",
  "- item",
  "-c",
  "?",
  "? key",
  "key: value",
  "a:b",
  "ends:",
  "# comment",
  "not # comment",
  "not#comment",
  "it's",
  'say "hi"',
  `both ' and "`,
  "[flow]",
  "{flow}",
  "a, b",
  "&anchor",
  "*alias",
  "!tag",
  "|",
  ">",
  "@at",
  "`tick",
  "trap 'exit 0' TERM INT; while :; do sleep 3600 & wait $!; done",
  "./nodes/ns1/root/etc/kea:/etc/kea:ro",
  "service:ns1",
  "io.coreos-infra.lab",
  "net.ipv4.ip_forward",
  "é ü 日本",
  "tab\there",
  "x".repeat(900),
];

/** Strings yaml writes by their place (or as an explicit key): block-yaml leaves the document to stringify. */
const PLACE_DEPENDENT = ["two\nlines", "control\x07", "---", "--- x", "...", "%directive", "x".repeat(1100)];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

function document(next: () => number, strings: readonly string[], depth = 0): Record<string, unknown> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const value = (d: number): unknown => {
    const r = next();
    if (d < 3 && r < 0.2) return document(next, strings, d + 1);
    if (d < 3 && r < 0.35) return Array.from({ length: Math.floor(next() * 4) }, () => value(d + 1));
    if (r < 0.4) return next() < 0.5;
    if (r < 0.45) return Math.floor(next() * 2000) - 1000;
    return pick(strings);
  };
  const out: Record<string, unknown> = {};
  const size = Math.floor(next() * 5);
  for (let i = 0; i < size; i++) out[pick(strings)] = value(depth);
  return out;
}

describe("block YAML", () => {
  it("writes what yaml's stringify writes, for awkward keys and values at every depth", () => {
    const next = random(7);
    for (let i = 0; i < 3000; i++) {
      const doc = document(next, AWKWARD);
      expect(blockYaml(doc), JSON.stringify(doc)).to.equal(stringify(doc, YAML_OPTIONS));
    }
  });

  it("still writes what stringify writes where a string's form depends on its place", () => {
    const next = random(11);
    for (let i = 0; i < 1000; i++) {
      const doc = document(next, [...AWKWARD, ...PLACE_DEPENDENT]);
      expect(blockYaml(doc), JSON.stringify(doc)).to.equal(stringify(doc, YAML_OPTIONS));
    }
  });

  it("writes lists of maps, lists of lists and empty collections as yaml does", () => {
    const doc = {
      services: { a: { command: ["sh", "-c", "x; y"], networks: {}, volumes: [], deps: [[], [1, [2, 3]], {}] } },
      config: [{ subnet: "198.18.20.0/24", gateway: "198.18.20.254" }, { nested: { deeper: ["x"] }, other: true }],
    };
    expect(blockYaml(doc)).to.equal(stringify(doc, YAML_OPTIONS));
    expect(blockYaml({})).to.equal(stringify({}, YAML_OPTIONS));
  });
});
