// coreos-infra test SITE [FEATURE...]: validate, build images, bring the lab
// up, run the scenarios, take the lab down; exit 0 only when all passed.
import type { Command } from "commander";
import { mkdir, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Lab, checkEngine, pruneLabs, engine } from "../../lab/index.ts";
import { tagExpression } from "../../scenarios/applicability.ts";
import { runFeatures } from "../../scenarios/run-features.ts";
import { formatDiagnostic } from "../../site/index.ts";
import { ReportedFailure } from "../errors.ts";
import { ensureSiteImages } from "../images.ts";
import { runSteps } from "../progress.ts";
import { readSite } from "../site-file.ts";
import { renderSummary } from "../render-summary.ts";
import { teardownOnSignal } from "./lab.ts";

interface TestOptions {
  name?: string;
  reports: string;
  junit?: string;
  tags?: string;
  keep?: boolean;
  pull?: boolean;
}

async function testCommand(sitePath: string, features: string[], options: TestOptions): Promise<void> {
  const result = await readSite(sitePath);
  if (!result.ok) {
    for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    throw new ReportedFailure(`${result.file}: ${result.diagnostics.length} problem(s); nothing was run`);
  }
  const site = result.site;
  const name = options.name ?? `${site.name}-test`;
  const reports = resolve(options.reports);
  await rm(reports, { recursive: true, force: true });
  await mkdir(reports, { recursive: true });
  const { expression, unmet } = tagExpression(site, options.tags);
  const text = await readFile(sitePath, "utf8");
  const release = teardownOnSignal(() => name);
  let success: boolean;
  try {
    await runSteps([
      { title: "Container engine", run: async (say) => say(`engine ${(await checkEngine()).version}`) },
      { title: "Lab images", run: (say) => ensureSiteImages(site, { pull: options.pull ?? false, say }) },
      { title: `Lab ${name}`, run: async (say) => void (await Lab.create(text, result.file, { name, progress: (s, d) => say(`${s}: ${d ?? ""}`) })) },
      {
        title: "Services ready",
        run: async (say) => {
          const lab = await Lab.attach(name);
          await lab.waitUntilReady({
            onUpdate: (st) => {
              const waiting = st.filter((s) => !s.ready);
              say(waiting.length === 0 ? "all ready" : `waiting for ${waiting.map((s) => `${s.check.node} ${s.check.service} (${s.detail})`).join(", ")}`);
            },
          });
        },
      },
    ]);
    if (unmet.length > 0) process.stdout.write(`not applicable to ${site.name}: scenarios needing ${unmet.map((n) => n.what).join(", ")}\n`);
    process.stdout.write(`running scenarios (${features.length ? features.join(", ") : "all features"})…\n`);
    ({ success } = await runFeatures({
      features,
      lab: name,
      sitePath,
      reportsDir: reports,
      ...(options.junit ? { junitFile: options.junit } : {}),
      tags: expression,
    }));
  } finally {
    if (!options.keep) {
      process.stdout.write(`removing lab ${name}…\n`);
      await pruneLabs(engine(), name);
    }
    release();
  }
  process.stdout.write(await renderSummary(reports));
  process.stdout.write(`report: ${join(reports, "cucumber.html")}\n`);
  if (!success) throw new ReportedFailure("some scenarios failed; the report carries the services' logs");
}

export function registerTest(program: Command): void {
  program
    .command("test")
    .description("prove a site: generate, lab up, run the Gherkin scenarios, lab down; exit 0 only when all pass")
    .argument("<site>", "path of the site.yaml")
    .argument("[features...]", "feature files to run (default: every feature in features/)")
    .option("-n, --name <lab>", "lab name (default: SITE-test)")
    .option("-r, --reports <dir>", "where the reports go", "reports")
    .option("--junit <file>", "JUnit XML file (default: REPORTS/junit.xml)")
    .option("-t, --tags <expression>", "only scenarios matching this tag expression")
    .option("--keep", "leave the lab up afterwards")
    .option("--pull", "pull the pinned images instead of building them")
    .action(testCommand);
}
