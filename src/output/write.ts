// The one place artifacts reach the disk. Writes into a sibling temporary
// directory and swaps it in with renames, so a failure leaves either the old
// tree or the new one, never half of each.
import { chmod, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { Artifacts, FileEntry } from "../synth/index.ts";

/** Files written at once: enough to keep libuv's thread pool busy, few enough to bound memory and open files. */
const CONCURRENCY = 8;

export async function writeArtifacts(artifacts: Artifacts, outDir: string): Promise<void> {
  const target = resolve(outDir);
  const staging = `${target}.partial-${process.pid}`;
  const previous = `${target}.previous-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    await mkdir(staging, { recursive: true });
    // Each directory once (sorted, so parents come first), then the files several at a time.
    const byDirectory = new Map<string, FileEntry[]>();
    for (const f of artifacts.files) {
      const dir = dirname(f.path);
      const list = byDirectory.get(dir);
      if (list) list.push(f);
      else byDirectory.set(dir, [f]);
    }
    for (const dir of [...byDirectory.keys()].sort()) await mkdir(join(staging, dir), { recursive: true });
    await eachLimited(interleaved([...byDirectory.values()]), CONCURRENCY, async (f: FileEntry) => {
      const path = join(staging, f.path);
      await writeFile(path, f.contents, { mode: f.mode });
      // The umask may have narrowed the mode; the artifact's own mode is the contract.
      await chmod(path, f.mode);
    });
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

/**
 * One item of each list in turn. Files created in one directory wait for each
 * other (the file system locks the directory), so writes taken in this order
 * go to different directories at once: the thousand zone files of each node
 * are written side by side.
 */
function interleaved<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) for (const list of lists) if (i < list.length) out.push(list[i]!);
  return out;
}

/**
 * Runs `task` on every item, at most `limit` at a time. After a failure no new
 * task starts; the ones under way finish before the first error is thrown, so
 * nothing is still writing when the caller cleans up.
 */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
