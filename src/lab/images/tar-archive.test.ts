import { describe, it } from "node:test";
import { expect } from "chai";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tarArchive, tarHeader } from "./tar-archive.ts";

describe("tarArchive", () => {
  it("writes an archive GNU tar lists and extracts byte for byte", async () => {
    const dir = await mkdtemp(join(tmpdir(), "tar-"));
    try {
      const onDisk = Buffer.alloc(1500, 7);
      await writeFile(join(dir, "big.bin"), onDisk);
      const archive = join(dir, "context.tar");
      await pipeline(
        tarArchive([
          { name: "Dockerfile", mode: 0o644, contents: Buffer.from("FROM scratch\n") },
          { name: "bin/tool", mode: 0o755, path: join(dir, "big.bin") },
          { name: "empty", mode: 0o600, contents: Buffer.alloc(0) },
        ]),
        createWriteStream(archive),
      );
      const listing = execFileSync("tar", ["-tvf", archive], { encoding: "utf8" });
      expect(listing).to.match(/^-rw-r--r-- .* 13 .* Dockerfile$/m);
      expect(listing).to.match(/^-rwxr-xr-x .* 1500 .* bin\/tool$/m);
      expect(listing).to.match(/^-rw------- .* 0 .* empty$/m);
      const out = join(dir, "out");
      await mkdir(out);
      execFileSync("tar", ["-xf", archive, "-C", out]);
      expect((await readFile(join(out, "bin/tool"))).equals(onDisk)).to.equal(true);
      expect(await readFile(join(out, "Dockerfile"), "utf8")).to.equal("FROM scratch\n");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses names ustar cannot hold", () => {
    expect(() => tarHeader("x".repeat(101), 0, 0o644)).to.throw(/1-100 bytes/);
    expect(() => tarHeader("", 0, 0o644)).to.throw(/1-100 bytes/);
  });
});
