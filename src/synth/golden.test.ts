// Golden files: the whole generated tree of each fixture site, byte for byte.
// A change in any generator shows up here as a reviewable diff. To accept a
// deliberate change: UPDATE_GOLDEN=1 node --test src/synth/golden.test.ts
import { expect } from "chai";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { describe, it } from "node:test";
import { FIXTURE_SITES, PROJECT_ROOT, loadFixture } from "../testing/fixtures.ts";
import { labPlan, renderCompose, synth } from "./index.ts";

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(dir, p));
    }
  };
  await walk(dir);
  return out.sort();
}

function firstDifference(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}:\n  golden:    ${JSON.stringify(lb[i])}\n  generated: ${JSON.stringify(la[i])}`;
  }
  return "identical";
}

for (const name of FIXTURE_SITES) {
  describe(`golden files of ${name}`, () => {
    it("the generated tree matches fixtures/golden byte for byte", async () => {
      const golden = join(PROJECT_ROOT, "fixtures", "golden", name);
      const files = synth(await loadFixture(name)).files;
      if (process.env.UPDATE_GOLDEN) {
        await rm(golden, { recursive: true, force: true });
        for (const f of files) {
          await mkdir(dirname(join(golden, f.path)), { recursive: true });
          await writeFile(join(golden, f.path), f.contents);
        }
      }
      const expected = await listFiles(golden);
      expect(files.map((f) => f.path), "the set of generated files").to.deep.equal(expected);
      for (const f of files) {
        const want = await readFile(join(golden, f.path), "utf8");
        if (want !== f.contents) expect.fail(`${f.path} differs from its golden file, ${firstDifference(f.contents, want)}\n(accept with UPDATE_GOLDEN=1)`);
      }
    });

    it("is deterministic: two runs give the same bytes", async () => {
      const site = await loadFixture(name);
      expect(synth(site)).to.deep.equal(synth(await loadFixture(name)));
    });
  });
}

describe("docker-compose.yml at the top of the project", () => {
  it("is the lab of the default site, mounting the golden tree of its generated files", async () => {
    const expected = renderCompose(labPlan(await loadFixture("small-office")), { root: "fixtures/golden/small-office" });
    const path = join(PROJECT_ROOT, "docker-compose.yml");
    if (process.env.UPDATE_GOLDEN) await writeFile(path, expected);
    expect(await readFile(path, "utf8"), "docker-compose.yml (refresh with UPDATE_GOLDEN=1)").to.equal(expected);
  });
});
