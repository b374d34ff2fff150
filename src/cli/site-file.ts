// Reading a site file for a command: the only place the CLI turns a path into a Site.
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { loadSite } from "../site/index.ts";
import type { LoadResult } from "../site/index.ts";
import { UsageError } from "./errors.ts";

export async function readSite(path: string): Promise<LoadResult & { file: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String((error as Error).message);
    throw new UsageError(`cannot read site file ${path}: ${why}`, "give the path of a site.yaml, e.g. fixtures/sites/small-office.yaml", { cause: error });
  }
  const shown = relative(process.cwd(), path).startsWith("..") ? path : relative(process.cwd(), path) || path;
  return { ...loadSite(text, shown), file: shown };
}
