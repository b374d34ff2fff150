// Runs the Gherkin features against labs that are up, with Cucumber's own
// formatters for the reports: HTML, JUnit XML and the message stream. With
// more than one lab, Cucumber's workers run scenarios side by side, each
// worker on a lab of its own (the worker's number picks it).
import { mkdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfiguration, runCucumber } from "@cucumber/cucumber/api";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FEATURES_DIR = join(PROJECT_ROOT, "features");

export interface FeatureRun {
  readonly features: readonly string[];
  /** Labs of the site, all up; one scenario runs on each at a time. */
  readonly labs: readonly string[];
  readonly sitePath: string;
  readonly reportsDir: string;
  readonly junitFile?: string;
  readonly tags: string;
}

export async function runFeatures(run: FeatureRun): Promise<{ success: boolean }> {
  const reports = resolve(run.reportsDir);
  await mkdir(reports, { recursive: true });
  const { runConfiguration } = await loadConfiguration({
    provided: {
      paths: run.features.length > 0 ? [...run.features] : [join(FEATURES_DIR, "*.feature")],
      import: [join(PROJECT_ROOT, "steps", "**", "*.ts")],
      format: [
        // The bar redraws itself on a terminal; a log (CI) gets one character per step.
        process.stdout.isTTY ? "progress-bar" : "progress",
        ["html", join(reports, "cucumber.html")],
        ["junit", run.junitFile ? resolve(run.junitFile) : join(reports, "junit.xml")],
        ["message", join(reports, "messages.ndjson")],
      ],
      formatOptions: { junit: { suiteName: `coreos-infra ${run.labs[0]}` } },
      tags: run.tags,
      worldParameters: { labs: [...run.labs], sitePath: resolve(run.sitePath), reportsDir: reports },
      strict: true,
      parallel: run.labs.length > 1 ? run.labs.length : 0,
    },
  });
  return runCucumber(runConfiguration);
}
