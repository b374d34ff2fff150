// Builds every image the given sites need (their own and their candidate
// deployments'), plus the referee tools (CoreDNS, chronyd, Butane), printing
// progress with the time elapsed.
//
//   node scripts/build-images.ts [--pull] [site.yaml ...]
//
// Without site files, the fixture sites are used.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ImageProgress, ServiceImages } from "../src/lab/images/index.ts";
import { BUTANE_VERSION, CHRONY, ensureChrony, ensureGoTool, ensureImages } from "../src/lab/images/index.ts";
import { parseImageRef, versionOfTag } from "../src/lab/images/image-ref.ts";
import { parseSite } from "../src/site/index.ts";
import type { Site } from "../src/site/index.ts";

const DEFAULT_SITES = ["fixtures/sites/small-office.yaml", "fixtures/sites/campus.yaml"].map((p) =>
  fileURLToPath(new URL(`../${p}`, import.meta.url)),
);

const started = performance.now();
const stamp = (): string => `[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s]`;

let lastLine = "";
function print(event: ImageProgress): void {
  const line = `${event.image}: ${event.step}${event.detail ? ` — ${event.detail}` : ""}`;
  if (line === lastLine) return;
  lastLine = line;
  console.log(`${stamp()} ${line}`);
}

/** The image sets a site needs: its own and each deployment's, without repeats. */
function imageSets(site: Site): ServiceImages[] {
  return [site.images, ...site.deployments.map((d) => d.site.images)].map(({ dns, dhcp, boot }) => ({ dns, dhcp, boot }));
}

async function main(argv: readonly string[]): Promise<void> {
  const pull = argv.includes("--pull");
  const files = argv.filter((a) => a !== "--pull");
  const unknown = files.find((a) => a.startsWith("-"));
  if (unknown) throw new Error(`unknown option ${unknown}; usage: node scripts/build-images.ts [--pull] [site.yaml ...]`);

  const sets = new Map<string, ServiceImages>();
  for (const file of files.length > 0 ? files : DEFAULT_SITES) {
    const site = parseSite(await readFile(file, "utf8"), file);
    for (const images of imageSets(site)) sets.set(JSON.stringify(images), images);
  }
  for (const images of sets.values()) {
    const ensured = await ensureImages(images, { pull, onProgress: print });
    for (const image of Object.values(ensured)) {
      console.log(`${stamp()} ${image.ref}: ${image.outcome} (${image.seconds} s) ${image.id.slice(0, 19)}`);
    }
  }
  // The referee tests run these binaries directly: CoreDNS at each version a site pins, and Butane.
  for (const dns of new Set([...sets.values()].map((s) => s.dns))) {
    const version = versionOfTag(parseImageRef(dns).tag);
    if (version) console.log(`${stamp()} coredns ${version}: ${await ensureGoTool("coredns", version, { onProgress: print })}`);
  }
  // The chronyd -p referee runs the chronyd the base image holds, built here even when the image was already current.
  const chrony = await ensureChrony({ onProgress: print });
  console.log(`${stamp()} chrony ${CHRONY.version}: ${chrony.chronyd}`);
  const butane = await ensureGoTool("butane", BUTANE_VERSION, { onProgress: print });
  console.log(`${stamp()} butane ${BUTANE_VERSION}: ${butane}`);
  console.log(`${stamp()} done`);
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  console.error(`${stamp()} ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
