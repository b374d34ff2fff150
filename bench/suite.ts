// bench/suite: wall time of the full scenario suite on a site (default: the
// small office), warm — images built — and of each feature, from the
// scenarios' own timings. Goal: the small-office suite under 3 minutes.
// The suite runs as `coreos-infra test` runs it, on its default number of
// labs side by side; `--labs N` measures another count (1: one lab, every
// scenario after the other).
//
//   node bench/suite.ts [site.yaml] [--labs N]
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScenarioRow } from "../src/scenarios/session.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const args = process.argv.slice(2);
const labsAt = args.indexOf("--labs");
const labs = labsAt >= 0 ? args.splice(labsAt, 2)[1] : undefined;
const site = args[0] ?? join(root, "fixtures/sites/small-office.yaml");
const reports = await mkdtemp(join(tmpdir(), "coreos-infra-bench-suite-"));

const started = performance.now();
const run = spawnSync(process.execPath, [join(root, "bin/coreos-infra.js"), "test", site, "--reports", reports, "--name", "bench-suite", ...(labs ? ["--labs", labs] : [])], {
  stdio: ["ignore", "ignore", "inherit"],
});
const wall = (performance.now() - started) / 1000;

const rows = (await readFile(join(reports, "scenarios.jsonl"), "utf8").catch(() => ""))
  .trim()
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as ScenarioRow);
await rm(reports, { recursive: true, force: true });

const features = new Map<string, { seconds: number; scenarios: number; passed: number }>();
for (const r of rows) {
  const f = features.get(r.feature) ?? { seconds: 0, scenarios: 0, passed: 0 };
  f.seconds += r.durationMs / 1000;
  f.scenarios += 1;
  f.passed += r.status === "PASSED" ? 1 : 0;
  features.set(r.feature, f);
}
// Scenarios on different labs overlap: their phase lasts from the first start to the last end.
const phase = rows.length > 0 ? (Math.max(...rows.map((r) => r.startedAt + r.durationMs)) - Math.min(...rows.map((r) => r.startedAt))) / 1000 : 0;
const labNames = new Set(rows.map((r) => r.lab));
console.log(`bench/suite: ${site}`);
console.log(`  ${"feature (time of its scenarios, summed)".padEnd(58)}`);
for (const [name, f] of [...features].sort(([a], [b]) => a.localeCompare(b))) console.log(`  ${name.padEnd(58)} ${f.seconds.toFixed(1).padStart(6)} s  (${f.passed}/${f.scenarios} passed)`);
console.log(`  ${`scenarios, from first start to last end (${labNames.size} lab${labNames.size === 1 ? "" : "s"})`.padEnd(58)} ${phase.toFixed(1).padStart(6)} s`);
console.log(`  ${"lab up, readiness, lab down and reports".padEnd(58)} ${(wall - phase).toFixed(1).padStart(6)} s`);
console.log(`  ${"whole suite, warm".padEnd(58)} ${wall.toFixed(1).padStart(6)} s  (goal: under 180 s)  exit ${run.status}`);
process.exitCode = run.status ?? 1;
