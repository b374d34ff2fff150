// coreos-infra test SITE [FEATURE...]: validate, build images, bring the lab
// up, run the scenarios, take the lab down; exit 0 only when all passed.
import { InvalidArgumentError } from "commander";
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
  labs: number;
}

/**
 * Scenarios run side by side on this many labs of the site unless told
 * otherwise: a failover scenario mostly waits for the daemons' own timers,
 * so two labs finish the suite in about half the time on two cores.
 */
const DEFAULT_LABS = 2;

/** The labs of a run: the name itself, then NAME-2, NAME-3… */
function labNames(name: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? name : `${name}-${i + 1}`));
}

function parseLabCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new InvalidArgumentError("give a whole number of labs from 1 to 8");
  return n;
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
  const names = labNames(name, options.labs);
  const release = teardownOnSignal(() => names);
  let labs: Lab[] = [];
  let success: boolean;
  try {
    await runSteps([
      { title: "Container engine", run: async (say) => say(`engine ${(await checkEngine()).version}`) },
      { title: "Lab images", run: (say) => ensureSiteImages(site, { pull: options.pull ?? false, say }) },
      {
        title: names.length === 1 ? `Lab ${name}` : `Labs ${names.join(", ")}`,
        run: async (say) => {
          const prefix = (lab: string) => (names.length === 1 ? "" : `${lab}: `);
          labs = await Promise.all(names.map((n) => Lab.create(text, result.file, { name: n, progress: (s, d) => say(`${prefix(n)}${s}: ${d ?? ""}`) })));
        },
      },
      {
        title: "Services ready",
        run: async (say) => {
          const waiting = new Map<string, string>();
          const show = () => {
            const lines = [...waiting].filter(([, w]) => w !== "").map(([lab, w]) => (names.length === 1 ? w : `${lab}: ${w}`));
            say(lines.length === 0 ? "all ready" : `waiting for ${lines.join("; ")}`);
          };
          await Promise.all(
            labs.map((lab) =>
              lab.waitUntilReady({
                onUpdate: (st) => {
                  waiting.set(lab.name, st.filter((s) => !s.ready).map((s) => `${s.check.node} ${s.check.service} (${s.detail})`).join(", "));
                  show();
                },
              }),
            ),
          );
        },
      },
    ]);
    if (unmet.length > 0) process.stdout.write(`not applicable to ${site.name}: scenarios needing ${unmet.map((n) => n.what).join(", ")}\n`);
    const where = names.length === 1 ? "" : ` on ${names.length} labs side by side`;
    process.stdout.write(`running scenarios (${features.length ? features.join(", ") : "all features"})${where}…\n`);
    ({ success } = await runFeatures({
      features,
      labs: names,
      sitePath,
      reportsDir: reports,
      ...(options.junit ? { junitFile: options.junit } : {}),
      tags: expression,
    }));
  } finally {
    if (!options.keep) {
      process.stdout.write(`removing ${names.length === 1 ? "lab" : "labs"} ${names.join(", ")}…\n`);
      for (const n of names) await pruneLabs(engine(), n);
    } else {
      process.stdout.write(`left up: ${names.map((n) => `${n} (\`coreos-infra lab down --name ${n}\`)`).join(", ")}\n`);
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
    .description("prove a site: generate, bring its labs up, run the Gherkin scenarios on them, take them down; exit 0 only when all pass")
    .argument("<site>", "path of the site.yaml")
    .argument("[features...]", "feature files to run (default: every feature in features/)")
    .option("-n, --name <lab>", "lab name (default: SITE-test); further labs are NAME-2, NAME-3…")
    .option("-l, --labs <count>", "run the scenarios on this many labs of the site side by side", parseLabCount, DEFAULT_LABS)
    .option("-r, --reports <dir>", "where the reports go", "reports")
    .option("--junit <file>", "JUnit XML file (default: REPORTS/junit.xml)")
    .option("-t, --tags <expression>", "only scenarios matching this tag expression")
    .option("--keep", "leave the labs up afterwards")
    .option("--pull", "pull the pinned images instead of building them")
    .action(testCommand);
}
