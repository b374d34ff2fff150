import { describe, it } from "node:test";
import { expect } from "chai";
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RecipeIdentity } from "./recipe-hash.ts";
import { readRecipeFiles, recipeHash } from "./recipe-hash.ts";

const recipe: RecipeIdentity = {
  name: "kea",
  files: [
    { path: "Dockerfile", contents: Buffer.from("FROM x\n"), executable: false },
    { path: "run.sh", contents: Buffer.from("#!/bin/sh\n"), executable: true },
  ],
  params: { keaVersion: "2.2.0", other: "1" },
  parentHash: "p1",
};

describe("recipeHash", () => {
  it("does not depend on the order files or params are listed in", () => {
    const shuffled = { ...recipe, files: [...recipe.files].reverse(), params: { other: "1", keaVersion: "2.2.0" } };
    expect(recipeHash(shuffled)).to.equal(recipeHash(recipe));
  });

  it("changes with a file's bytes, its exec bit, a param, the parent or the name", () => {
    const base = recipeHash(recipe);
    const variants: RecipeIdentity[] = [
      { ...recipe, files: [recipe.files[0]!, { ...recipe.files[1]!, contents: Buffer.from("#!/bin/sh\n:\n") }] },
      { ...recipe, files: [recipe.files[0]!, { ...recipe.files[1]!, executable: false }] },
      { ...recipe, params: { ...recipe.params, keaVersion: "2.2.1" } },
      { ...recipe, parentHash: "p2" },
      { ...recipe, name: "boot" },
    ];
    const hashes = new Set(variants.map(recipeHash));
    expect(hashes.size).to.equal(variants.length);
    expect(hashes.has(base)).to.equal(false);
  });
});

describe("readRecipeFiles", () => {
  it("reads every file below the directory with its exec bit", async () => {
    const dir = await mkdtemp(join(tmpdir(), "recipe-"));
    try {
      await mkdir(join(dir, "sub"));
      await writeFile(join(dir, "Dockerfile"), "FROM scratch\n");
      await writeFile(join(dir, "sub", "tool"), "#!/bin/sh\n", { mode: 0o755 });
      const files = await readRecipeFiles(dir);
      expect(files.map((f) => [f.path, f.executable])).to.deep.equal([
        ["Dockerfile", false],
        ["sub/tool", true],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says which recipe is missing", async () => {
    let caught: unknown;
    await readRecipeFiles("/nonexistent/recipe").catch((e: unknown) => (caught = e));
    expect(String(caught)).to.match(/\/nonexistent\/recipe/);
  });
});
