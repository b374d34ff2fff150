import { describe, it } from "node:test";
import { expect } from "chai";
import { mkdtemp, readdir, readFile, rm, stat, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeArtifacts } from "./write.ts";

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), "coreos-infra-write-"));
}

describe("writeArtifacts", () => {
  it("writes every file with its own mode, in nested directories", async () => {
    const dir = await scratch();
    try {
      const files = [
        { path: "nodes/ns1/root/etc/kea/kea-dhcp4.conf", contents: "{}\n", mode: 0o600 },
        { path: "lab/router.sh", contents: "#!/bin/sh\n", mode: 0o755 },
        ...Array.from({ length: 50 }, (_, i) => ({ path: `nodes/ns1/root/zones/db.${i}`, contents: `zone ${i} é\n`, mode: 0o644 })),
        { path: "docker-compose.yml", contents: "name: x\n", mode: 0o644 },
      ];
      await writeArtifacts({ files }, join(dir, "out"));
      for (const f of files) {
        expect(await readFile(join(dir, "out", f.path), "utf8")).to.equal(f.contents);
        expect((await stat(join(dir, "out", f.path))).mode & 0o7777, f.path).to.equal(f.mode);
      }
      expect((await readdir(dir)).sort()).to.deep.equal(["out"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("replaces the previous tree as a whole", async () => {
    const dir = await scratch();
    try {
      const out = join(dir, "out");
      await writeArtifacts({ files: [{ path: "old/file", contents: "old\n", mode: 0o644 }] }, out);
      await writeArtifacts({ files: [{ path: "new/file", contents: "new\n", mode: 0o644 }] }, out);
      expect(await readdir(out)).to.deep.equal(["new"]);
      expect((await readdir(dir)).sort()).to.deep.equal(["out"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("leaves the previous tree and no staging behind when a file cannot be written", async () => {
    const dir = await scratch();
    try {
      const out = join(dir, "out");
      await mkdir(out);
      await writeFile(join(out, "kept"), "kept\n");
      // "d" is a directory (it holds the other files), so writing it as a file fails midway.
      const files = [...Array.from({ length: 20 }, (_, i) => ({ path: `d/f${i}`, contents: "y", mode: 0o644 })), { path: "d", contents: "x", mode: 0o644 }];
      let failed = false;
      await writeArtifacts({ files }, out).catch(() => (failed = true));
      expect(failed).to.equal(true);
      expect(await readFile(join(out, "kept"), "utf8")).to.equal("kept\n");
      expect((await readdir(dir)).sort()).to.deep.equal(["out"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
