// coreos-infra generate SITE -o DIR
import { writeArtifacts } from "../../output/index.ts";
import { formatDiagnostic } from "../../site/index.ts";
import { synthDeployment } from "../../synth/index.ts";
import { ReportedFailure, UsageError } from "../errors.ts";
import { readSite } from "../site-file.ts";

export interface GenerateOptions {
  readonly output: string;
  readonly deployment?: string;
}

export async function generateCommand(sitePath: string, options: GenerateOptions): Promise<void> {
  const result = await readSite(sitePath);
  if (!result.ok) {
    for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    throw new ReportedFailure(`${result.file}: ${result.diagnostics.length} problem(s); nothing was written to ${options.output}`);
  }
  const site = result.site;
  if (options.deployment !== undefined && !site.deployments.some((d) => d.name === options.deployment)) {
    const names = site.deployments.map((d) => d.name);
    throw new UsageError(`site ${site.name} has no deployment "${options.deployment}"`, names.length ? `use one of: ${names.join(", ")}` : "declare it under `deployments:` in the site");
  }
  const artifacts = synthDeployment(site, options.deployment);
  await writeArtifacts(artifacts, options.output);
  const nodes = site.nodes.map((n) => n.hostname).join(", ");
  process.stdout.write(`${options.output}: ${artifacts.files.length} files for site ${site.name}${options.deployment ? ` (deployment ${options.deployment})` : ""} — nodes ${nodes}, pxe/, docker-compose.yml\n`);
}
