// coreos-infra validate SITE
import { formatDiagnostic } from "../../site/index.ts";
import { ReportedFailure } from "../errors.ts";
import { readSite } from "../site-file.ts";

export async function validateCommand(sitePath: string): Promise<void> {
  const result = await readSite(sitePath);
  if (!result.ok) {
    for (const d of result.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    const n = result.diagnostics.length;
    throw new ReportedFailure(`${result.file}: ${n} problem${n === 1 ? "" : "s"}; nothing was generated`);
  }
  const site = result.site;
  const records = site.dns.zones.reduce((n, z) => n + z.records.length, 0);
  process.stdout.write(
    `${result.file}: valid — site ${site.name}, ${site.segments.length} segment${site.segments.length === 1 ? "" : "s"}, ` +
      `pair ${site.nodes[0].hostname}/${site.nodes[1].hostname}, ${site.dns.zones.length} zones with ${records} records, ` +
      `${site.pxe.profiles.length} PXE profile${site.pxe.profiles.length === 1 ? "" : "s"}, ${site.deployments.length} candidate deployment${site.deployments.length === 1 ? "" : "s"}\n`,
  );
}
