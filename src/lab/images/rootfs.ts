// The base image's Debian rootfs: mmdebstrap installs the recipe's package
// list from Debian's mirrors into a tarball, which is cached under
// .cache/images by recipe hash and then imported into Docker untagged.
import { mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type Dockerode from "dockerode";
import { followDockerStream } from "./docker-stream.ts";
import { CommandError, runCommand } from "./run-command.ts";

export interface RootfsRecipe {
  /** lab/images/base: packages.txt, mmdebstrap.options, sources.list. */
  readonly dir: string;
  readonly suite: string;
  readonly hash: string;
}

/** Lines of a recipe list file, without comments and blank lines. */
export function recipeLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
}

export async function mmdebstrapArgs(recipe: RootfsRecipe, output: string, debCache: string | undefined): Promise<string[]> {
  const read = (name: string) => readFile(join(recipe.dir, name), "utf8");
  const packages = recipeLines(await read("packages.txt"));
  const options = recipeLines(await read("mmdebstrap.options"));
  if (packages.length === 0) throw new Error(`${join(recipe.dir, "packages.txt")} lists no packages`);
  // Keeping the downloaded .deb files between builds (mmdebstrap's own
  // sync-in/sync-out recipe) spares the mirror when only the recipe changed.
  // The hooks are split on spaces, so a cache path with spaces goes without.
  const cache =
    debCache === undefined || /\s/.test(debCache)
      ? []
      : [
          "--skip=essential/unlink",
          `--setup-hook=mkdir -p "$1"/var/cache/apt/archives/`,
          `--setup-hook=sync-in ${debCache} /var/cache/apt/archives/`,
          `--customize-hook=sync-out /var/cache/apt/archives ${debCache}`,
        ];
  return [
    ...options,
    `--include=${packages.join(",")}`,
    ...cache,
    "--format=tar",
    recipe.suite,
    output,
    join(recipe.dir, "sources.list"),
  ];
}

/**
 * The path of the rootfs tarball for this recipe, made with mmdebstrap when
 * it is not cached yet. Tarballs of other recipes are removed.
 */
export async function ensureRootfsTarball(recipe: RootfsRecipe, cacheDir: string, onLine: (line: string) => void): Promise<string> {
  const name = `lab-base-${recipe.hash.slice(0, 16)}.tar`;
  const tarball = join(cacheDir, name);
  if (await stat(tarball).then((s) => s.isFile(), () => false)) return tarball;

  const debCache = join(cacheDir, "debs");
  await mkdir(debCache, { recursive: true });
  const partial = `${tarball}.${process.pid}.partial`;
  try {
    await runCommand("mmdebstrap", await mmdebstrapArgs(recipe, partial, debCache), { onLine });
    await rename(partial, tarball);
  } catch (error) {
    await rm(partial, { force: true });
    if (error instanceof CommandError && error.code === "ENOENT") {
      throw new Error("cannot build the lab's base image: mmdebstrap is not installed (apt-get install -y mmdebstrap)", { cause: error });
    }
    throw new Error(
      `cannot build the lab's base rootfs from ${recipe.dir}: mmdebstrap failed. Check that Debian's mirror is reachable and every package in packages.txt exists in ${recipe.suite}.`,
      { cause: error },
    );
  }
  for (const old of await readdir(cacheDir)) {
    if (old !== name && /^lab-base-[0-9a-f]{16}\.tar$/.test(old)) await rm(join(cacheDir, old), { force: true });
  }
  return tarball;
}

/** Imports the tarball as an untagged image (docker import) and returns its id. */
export async function importRootfs(docker: Dockerode, tarball: string): Promise<string> {
  const stream = await docker.importImage(tarball, {});
  const messages = await followDockerStream(stream);
  const id = messages.map((m) => m.status?.trim() ?? "").find((s) => /^sha256:[0-9a-f]{64}$/.test(s));
  if (!id) throw new Error(`docker import of ${tarball} finished without naming the new image`);
  return id;
}
