// bench/lab: how long `coreos-infra lab up` takes until every service is
// ready, and `lab down`, for both fixture sites with the images built
// (goals: small office under 10 s, campus under 20 s); and what building the
// images costs when they are missing ("cold").
//
//   node bench/lab.ts          BENCH_RUNS=3  BENCH_COLD=1 (0 skips the image builds)
//
// Each up/down cycle holds the machine-wide lab lock (/tmp/coreos-infra-lab.lock)
// and releases it between cycles, so a lab another benchmark brings up on the
// same machine does not share the CPU with the one measured. The image builds
// take no lock: they start no lab.
import Dockerode from "dockerode";
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { pruneLabs } from "../src/lab/cleanup.ts";
import { engine } from "../src/lab/engine.ts";
import { buildImage } from "../src/lab/images/build-image.ts";
import { ensureGoTool } from "../src/lab/images/go-tool.ts";
import { PATHS } from "../src/lab/images/paths.ts";
import { IMAGE_ROLES, planBase, planService } from "../src/lab/images/recipes.ts";
import type { ImagePlan, ImageRole } from "../src/lab/images/recipes.ts";
import { ensureRootfsTarball, importRootfs } from "../src/lab/images/rootfs.ts";
import { runCli } from "../src/lab/testing/cli.ts";
import { holdLabLock } from "../src/lab/testing/lab-lock.ts";
import { fixturePath, loadFixture } from "../src/testing/fixtures.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COLD = process.env.BENCH_COLD !== "0";
const GOALS: Readonly<Record<string, number>> = { "small-office": 10, campus: 20 };
const BENCH_LABEL = "io.coreos-infra.bench";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const summary = (xs: readonly number[]) => `median ${seconds(median(xs))}, min ${seconds(Math.min(...xs))}`;

async function timed(what: string, args: string[]): Promise<{ ms: number; output: string }> {
  const started = performance.now();
  const r = await runCli(args, 300_000);
  if (r.code !== 0) throw new Error(`\`coreos-infra ${args.join(" ")}\` (${what}) exited ${r.code}:\n${r.output}`);
  return { ms: performance.now() - started, output: r.output };
}

/** The command's own step times ("✔ Services ready (3.1 s)"), where the time of `lab up` goes. */
function steps(output: string): Record<string, number> {
  const found: Record<string, number> = {};
  for (const m of output.matchAll(/^✔ (.+?) \((\d+(?:\.\d+)?) s\)$/gm)) found[m[1]!.replace(/^Lab \S+: /, "")] = Number(m[2]) * 1000;
  return found;
}

/** One lab up → ready → down cycle under the lab lock. */
async function cycle(fixture: string, name: string): Promise<{ up: number; down: number; steps: Record<string, number> }> {
  const release = await holdLabLock();
  try {
    const up = await timed("up", ["lab", "up", fixturePath(fixture)]);
    const down = await timed("down", ["lab", "down", "--name", name]);
    return { up: up.ms, down: down.ms, steps: steps(up.output) };
  } finally {
    // Through the API, not the command: whatever went wrong with the command, no lab stays up.
    await pruneLabs(engine(), name);
    await release();
  }
}

/**
 * Builds every image from its recipe under bench-only tags, as ensureImages
 * orders the work (base, then dhcp and boot; dns alongside), and removes
 * them again. The rootfs is imported afresh, so the builder finds no cached
 * layer to reuse; the shared tags other labs run on are never touched.
 */
async function coldImages(): Promise<{ total: number; each: Record<string, number> }> {
  const docker = new Dockerode();
  const tag = (recipe: string) => `localhost/coreos-infra-bench/${recipe}:cold`;
  const site = await loadFixture("small-office");
  const basePlan = await planBase(PATHS.recipes);
  const plans = Object.fromEntries(
    await Promise.all(IMAGE_ROLES.map(async (role) => [role, await planService(PATHS.recipes, role, site.images[role], basePlan)] as const)),
  ) as Record<ImageRole, ImagePlan>;
  const each: Record<string, number> = {};
  const built: string[] = [];
  const build = async (what: string, plan: ImagePlan, buildArgs: Record<string, string>, extra: Parameters<typeof buildImage>[1]["extra"] = []) => {
    const started = performance.now();
    const id = await buildImage(docker, { tag: tag(plan.recipe), files: plan.files, extra, buildArgs, labels: { [BENCH_LABEL]: "cold" } });
    built.push(tag(plan.recipe));
    each[what] = (each[what] ?? 0) + performance.now() - started;
    return id;
  };
  const started = performance.now();
  try {
    const onBase = (async () => {
      const importStarted = performance.now();
      const tarball = await ensureRootfsTarball({ dir: basePlan.dir, suite: basePlan.params.suite!, hash: basePlan.hash }, PATHS.imageCache, () => {});
      const rootfs = await importRootfs(docker, tarball);
      each.base = performance.now() - importStarted;
      const base = await build("base", basePlan, { ROOTFS: rootfs });
      await Promise.all([
        build("dhcp", plans.dhcp, { BASE: base, KEA_VERSION: plans.dhcp.params.keaVersion ?? "" }),
        build("boot", plans.boot, { BASE: base }),
      ]);
    })();
    const onDns = (async () => {
      const binary = await ensureGoTool("coredns", plans.dns.params.corednsVersion!, { binDir: PATHS.toolsBin });
      await build("dns", plans.dns, {}, [{ name: "coredns", mode: 0o755, path: binary }]);
    })();
    await Promise.all([onBase, onDns]);
    return { total: performance.now() - started, each };
  } finally {
    // Children first; removing the base also drops the rootfs import under it.
    for (const ref of built.reverse()) await docker.getImage(ref).remove().catch(() => undefined);
  }
}

const fixtures = (process.env.BENCH_FIXTURES ?? "small-office,campus").split(",");
console.log(`bench/lab: \`coreos-infra lab up SITE\` until every service is ready, then \`lab down\`; ${RUNS} runs per site, images built`);
// Labs are many containers on few cores: other work on the machine shows in every number.
console.log(`  machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} at start`);
const results: { fixture: string; ups: number[]; downs: number[] }[] = [];
for (const fixture of fixtures) {
  const site = await loadFixture(fixture);
  const ups: number[] = [];
  const downs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const r = await cycle(fixture, site.name);
    ups.push(r.up);
    downs.push(r.down);
    const parts = Object.entries(r.steps).map(([k, v]) => `${k} ${seconds(v)}`).join(", ");
    console.log(`  ${fixture} run ${run + 1}: up ${seconds(r.up)} (${parts}), down ${seconds(r.down)}`);
  }
  results.push({ fixture, ups, downs });
}
console.log("");
for (const { fixture, ups, downs } of results) {
  const goal = GOALS[fixture];
  const verdict = goal === undefined ? "" : `   goal: under ${goal} s — ${median(ups) < goal * 1000 ? "met" : "MISSED"}`;
  console.log(`  ${fixture.padEnd(13)} warm lab up: ${summary(ups)}   lab down: ${summary(downs)}${verdict}`);
}

if (COLD) {
  console.log("");
  console.log('  cold: "cold" means the images are missing but the caches under .cache are warm: the base rootfs');
  console.log("  tarball (mmdebstrap, ≈1–2 min on a fresh machine) and the CoreDNS binary (Go build, ≈5–7 min) are reused.");
  console.log("  The images are built afresh under bench-only tags and removed again; the lab's own images stay.");
  const cold = await coldImages();
  const parts = Object.entries(cold.each).map(([k, v]) => `${k} ${seconds(v)}`).join(", ");
  console.log(`  cold image build: ${seconds(cold.total)} in all (${parts}; base includes the rootfs import)`);
  for (const { fixture, ups } of results) console.log(`  ${fixture.padEnd(13)} cold lab up ≈ ${seconds(cold.total + median(ups))} (image build + warm median)`);
}
