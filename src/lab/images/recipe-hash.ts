// The identity of an image recipe: a hash over its files, its parameters
// (versions, options) and its parent's hash. An image carries it as a label,
// so "is this image current?" is one inspect, and a change anywhere up the
// chain (a package added to the base) rebuilds everything below it.
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";

/** Bumped when the way recipes turn into images changes outside the recipe files. */
export const RECIPE_FORMAT = 1;

export interface RecipeFile {
  /** Relative to the recipe directory, with "/" separators. */
  readonly path: string;
  readonly contents: Buffer;
  /** The exec bit matters: a script copied into an image keeps it. */
  readonly executable: boolean;
}

export interface RecipeIdentity {
  readonly name: string;
  readonly files: readonly RecipeFile[];
  readonly params: Readonly<Record<string, string>>;
  readonly parentHash?: string;
}

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

export function recipeHash(recipe: RecipeIdentity): string {
  const canonical = {
    format: RECIPE_FORMAT,
    name: recipe.name,
    parent: recipe.parentHash ?? null,
    params: Object.entries(recipe.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    files: [...recipe.files]
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
      .map((f) => [f.path, f.executable, sha256(f.contents)]),
  };
  return sha256(JSON.stringify(canonical));
}

/** Every regular file under a recipe directory, in a stable order. */
export async function readRecipeFiles(dir: string): Promise<RecipeFile[]> {
  let names: string[];
  try {
    names = await readdir(dir, { recursive: true });
  } catch (error) {
    throw new Error(`cannot read the image recipe in ${dir}: is the checkout complete?`, { cause: error });
  }
  const files: RecipeFile[] = [];
  for (const name of names.sort()) {
    const full = join(dir, name);
    const info = await stat(full);
    if (!info.isFile()) continue;
    files.push({ path: relative(dir, full).split("\\").join("/"), contents: await readFile(full), executable: (info.mode & 0o111) !== 0 });
  }
  return files;
}
