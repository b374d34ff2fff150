// The bad-site corpus: every fixtures/bad/NAME.yaml must fail to load with
// exactly the lines in NAME.expected, so a change to any message, place or
// check shows up here as a diff a reviewer can read.
// Set BAD_CORPUS_UPDATE=1 to rewrite the .expected files after a deliberate change.
import { describe, it } from "node:test";
import { expect } from "chai";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDiagnostic } from "./diagnostic.ts";
import { loadSite } from "./load.ts";

const DIR = fileURLToPath(new URL("../../fixtures/bad/", import.meta.url));
const UPDATE = process.env.BAD_CORPUS_UPDATE === "1";

const files = readdirSync(DIR);
const cases = files.filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length)).sort();

const outputs = new Map<string, string[]>();

/** What loadSite prints for a case; each case is loaded once. */
function run(name: string): string[] {
  let lines = outputs.get(name);
  if (!lines) {
    const result = loadSite(readFileSync(join(DIR, `${name}.yaml`), "utf8"), `fixtures/bad/${name}.yaml`);
    lines = result.ok ? [] : result.diagnostics.map(formatDiagnostic);
    outputs.set(name, lines);
  }
  return lines;
}

function expected(name: string): string[] {
  return readFileSync(join(DIR, `${name}.expected`), "utf8").split("\n").filter((line) => line !== "");
}

describe("bad-site corpus", () => {
  it("holds at least 30 cases, each with its expected output", () => {
    expect(cases.length).to.be.at.least(30);
    const expectations = files.filter((f) => f.endsWith(".expected")).map((f) => f.slice(0, -".expected".length)).sort();
    expect(expectations).to.deep.equal(cases);
  });

  for (const name of cases) {
    it(name, () => {
      const lines = run(name);
      if (UPDATE) writeFileSync(join(DIR, `${name}.expected`), `${lines.join("\n")}\n`);
      expect(lines.length, "a bad site must not load").to.be.greaterThan(0);
      expect(lines).to.deep.equal(expected(name));
    });
  }

  it("reports problems of every stage in one run", () => {
    // A schema error in one segment, an overlap in another, a dangling alias, a typo and an HA timer.
    const lines = run("several-at-once");
    expect(lines.length).to.be.at.least(5);
    expect(lines.some((l) => l.includes("is not valid"))).to.equal(true);
    expect(lines.some((l) => l.includes("overlaps pool"))).to.equal(true);
    expect(lines.some((l) => l.includes("unknown key"))).to.equal(true);
    expect(lines.some((l) => l.includes("heartbeat-delay 0"))).to.equal(true);
  });

  it("prints each problem once, sorted by place", () => {
    for (const name of cases) {
      const lines = run(name);
      expect(new Set(lines).size, name).to.equal(lines.length);
      const places = lines.map((l) => /:(\d+):(\d+): /.exec(l)!.slice(1).map(Number) as [number, number]);
      const sorted = [...places].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      expect(places, name).to.deep.equal(sorted);
    }
  });

  it("says how to fix every problem", () => {
    for (const name of cases) for (const line of run(name)) expect(line, name).to.match(/: .+; .+/);
  });
});
