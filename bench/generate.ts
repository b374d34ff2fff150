// bench/generate: how long validate + generate take for a site of 1,000
// segments and 50,000 records (goal: under 2 s). Prints each stage's time,
// the best of a few runs, and whether validate + generate met the goal.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { writeArtifacts } from "../src/output/index.ts";
import { loadSite } from "../src/site/index.ts";
import { synth } from "../src/synth/index.ts";
import { bigSiteYaml } from "./big-site.ts";

const SEGMENTS = Number(process.env.BENCH_SEGMENTS ?? 1000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 50_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const text = bigSiteYaml(SEGMENTS, RECORDS);
console.log(`bench/generate: site of ${SEGMENTS} segments and ${RECORDS} records (${(text.length / 1e6).toFixed(1)} MB of YAML), best of ${RUNS} runs`);

const GOAL_MS = 2000;
const best = { validate: Infinity, synth: Infinity, validateAndSynth: Infinity, write: Infinity, total: Infinity };
let files = 0;
let bytes = 0;
for (let run = 0; run < RUNS; run++) {
  const t0 = performance.now();
  const result = loadSite(text, "big.yaml");
  const t1 = performance.now();
  if (!result.ok) throw new Error(`the benchmark site is invalid:\n${result.diagnostics.slice(0, 5).map((d) => d.message).join("\n")}`);
  const artifacts = synth(result.site);
  const t2 = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "coreos-infra-bench-"));
  await writeArtifacts(artifacts, join(dir, "out"));
  const t3 = performance.now();
  await rm(dir, { recursive: true, force: true });
  files = artifacts.files.length;
  bytes = artifacts.files.reduce((n, f) => n + Buffer.byteLength(f.contents), 0);
  best.validate = Math.min(best.validate, t1 - t0);
  best.synth = Math.min(best.synth, t2 - t1);
  best.validateAndSynth = Math.min(best.validateAndSynth, t2 - t0);
  best.write = Math.min(best.write, t3 - t2);
  best.total = Math.min(best.total, t3 - t0);
}
const s = (ms: number) => `${(ms / 1000).toFixed(3)} s`;
console.log(`  validate (parse + schema + checks)  ${s(best.validate)}`);
console.log(`  generate (synth, in memory)         ${s(best.synth)}`);
console.log(`  write (${files} files, ${(bytes / 1e6).toFixed(1)} MB)          ${s(best.write)}`);
console.log(`  validate + generate + write         ${s(best.total)}   (with the files on disk)`);
console.log(`  validate + generate                 ${s(best.validateAndSynth)}   (goal: under 2 s: ${best.validateAndSynth < GOAL_MS ? "met" : "missed"})`);
