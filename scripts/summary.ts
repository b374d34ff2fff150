// Sums the JUnit reports of every suite into the last line `make test` prints:
// "N passed, N failed". Exits non-zero when anything failed or no test ran.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2] ?? "reports/test";
let passed = 0;
let failed = 0;
const rows: string[] = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith(".xml")).sort()) {
  const xml = readFileSync(join(dir, file), "utf8");
  // Each <testcase ...> is one test; it failed when a <failure> or <error> sits inside it.
  const cases = xml.match(/<testcase\b[^>]*?(\/>|>[\s\S]*?<\/testcase>)/g) ?? [];
  const bad = cases.filter((c) => /<(failure|error)\b/.test(c)).length;
  passed += cases.length - bad;
  failed += bad;
  rows.push(`  ${file.replace(/\.xml$/, "").padEnd(28)} ${String(cases.length - bad).padStart(5)} passed ${String(bad).padStart(4)} failed`);
}
console.log(rows.join("\n"));
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
