// The one place artifacts reach the disk. Writes into a sibling temporary
// directory and swaps it in with renames, so a failure leaves either the old
// tree or the new one, never half of each.
import { chmod, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Artifacts } from "../synth/index.ts";

export async function writeArtifacts(artifacts: Artifacts, outDir: string): Promise<void> {
  const target = resolve(outDir);
  const staging = `${target}.partial-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging, { recursive: true });
    for (const f of artifacts.files) {
      const path = join(staging, f.path);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.contents, { mode: f.mode });
      // The umask may have narrowed the mode; the artifact's own mode is the contract.
      await chmod(path, f.mode);
    }
    const existed = await exists(target);
    if (existed) await rename(target, previous);
    try {
      await rename(staging, target);
    } catch (error) {
      if (existed) await rename(previous, target);
      throw error;
    }
    if (existed) await rm(previous, { recursive: true, force: true });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
