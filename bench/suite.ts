// bench/suite: wall time of the full scenario suite on a site (default: the
// small office), warm — images built — and of each feature, from the
// scenarios' own timings. Goal: the small-office suite under 3 minutes.
//
//   node bench/suite.ts [site.yaml]
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ScenarioRow } from "../src/scenarios/session.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const site = process.argv[2] ?? join(root, "fixtures/sites/small-office.yaml");
const reports = await mkdtemp(join(tmpdir(), "coreos-infra-bench-suite-"));

const started = performance.now();
const run = spawnSync(process.execPath, [join(root, "bin/coreos-infra.js"), "test", site, "--reports", reports, "--name", "bench-suite"], {
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
const inScenarios = [...features.values()].reduce((n, f) => n + f.seconds, 0);
console.log(`bench/suite: ${site}`);
for (const [name, f] of features) console.log(`  ${name.padEnd(58)} ${f.seconds.toFixed(1).padStart(6)} s  (${f.passed}/${f.scenarios} passed)`);
console.log(`  ${"lab up, readiness, lab down and reports".padEnd(58)} ${(wall - inScenarios).toFixed(1).padStart(6)} s`);
console.log(`  ${"whole suite, warm".padEnd(58)} ${wall.toFixed(1).padStart(6)} s  (goal: under 180 s)  exit ${run.status}`);
process.exitCode = run.status ?? 1;
