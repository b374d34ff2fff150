// Test helpers: the fixture sites, loaded and generated into a temporary directory.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeArtifacts } from "../output/index.ts";
import { parseSite } from "../site/index.ts";
import type { Site } from "../site/index.ts";
import { synth } from "../synth/index.ts";
import type { Artifacts } from "../synth/index.ts";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const FIXTURE_SITES = ["small-office", "campus"] as const;
export type FixtureName = (typeof FIXTURE_SITES)[number];

export function fixturePath(name: string): string {
  return join(PROJECT_ROOT, "fixtures", "sites", `${name}.yaml`);
}

export async function loadFixture(name: string): Promise<Site> {
  const path = fixturePath(name);
  return parseSite(await readFile(path, "utf8"), path);
}

/** Generates a fixture's artifacts into a fresh temporary directory. */
export async function generatedFixture(name: string): Promise<{ site: Site; artifacts: Artifacts; dir: string }> {
  const site = await loadFixture(name);
  const artifacts = synth(site);
  const dir = join(await mkdtemp(join(tmpdir(), `coreos-infra-${name}-`)), "out");
  await writeArtifacts(artifacts, dir);
  return { site, artifacts, dir };
}
