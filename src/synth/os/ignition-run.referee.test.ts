// Real Ignition, run on the generated config: its files stage writes into an
// empty system root, and every file it writes must be byte for byte (and
// mode for mode) the one `generate` put under nodes/<node>/root/. This is
// what makes root/ "what Ignition would write", not our idea of it.
import { expect } from "chai";
import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { after, describe, it } from "node:test";
import { generatedFixture, FIXTURE_SITES } from "../../testing/fixtures.ts";
import { runTool } from "../../testing/run.ts";

const IGNITION = "/usr/lib/dracut/modules.d/30ignition/ignition";
if (!existsSync(IGNITION)) throw new Error(`the Ignition binary is not at ${IGNITION}; install Debian's ignition package (make setup)`);
if (process.getuid?.() !== 0) throw new Error("running Ignition's files stage needs root (it creates the core user in the target root)");

/** Ignition's own bookkeeping and the OS files it edits, which are not artifacts. */
const IGNITION_OWN = [/^etc\/\.ignition-result\.json$/, /^etc\/(passwd|group|shadow|gshadow)-?$/, /^etc\/\.pwd\.lock$/, /^etc\/selinux\//, /^etc\/systemd\/system-preset\/20-ignition\.preset$/, /^home\/core\//];

async function files(dir: string): Promise<Map<string, { mode: number; bytes: Buffer }>> {
  const out = new Map<string, { mode: number; bytes: Buffer }>();
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.set(relative(dir, p), { mode: (await stat(p)).mode & 0o7777, bytes: await readFile(p) });
    }
  };
  await walk(dir);
  return out;
}

/** An empty system root with what the files stage needs to create the core user. */
async function emptyRoot(base: string): Promise<string> {
  const root = join(base, "sysroot");
  await mkdir(join(root, "etc", "selinux"), { recursive: true });
  // SELinux is off in this root; the relabel request goes to the shim below.
  await writeFile(join(root, "etc", "selinux", "config"), "SELINUX=disabled\nSELINUXTYPE=targeted\n");
  for (const f of ["passwd", "group", "shadow", "gshadow"]) if (existsSync(`/etc/${f}`)) await copyFile(`/etc/${f}`, join(root, "etc", f));
  return root;
}

for (const name of FIXTURE_SITES) {
  const { site, dir } = await generatedFixture(name);
  for (const node of site.nodes) {
    describe(`real Ignition on ${name}/${node.hostname}`, () => {
      it("writes exactly the files of root/, with the same bytes and modes", async () => {
        const base = await mkdtemp(join(tmpdir(), `coreos-infra-ignition-${node.hostname}-`));
        after(() => rm(base, { recursive: true, force: true }));
        // Ignition writes the core user's keys as that user, who must be able to reach the root.
        await chmod(base, 0o755);
        const root = await emptyRoot(base);
        // The relabel at the end of the files stage needs SELinux's setfiles, which
        // has nothing to do here; a shim records the request instead.
        const bin = join(base, "bin");
        await mkdir(bin);
        await writeFile(join(bin, "setfiles"), `#!/bin/sh\necho relabel "$@" > ${join(base, "relabel-requested")}\n`);
        await chmod(join(bin, "setfiles"), 0o755);
        const config = join(dir, "nodes", node.hostname, "config.ign");
        const script = [
          "set -e",
          "mount -t tmpfs tmpfs /run",
          `export IGNITION_CONFIG_FILE=${config} PATH=${bin}:$PATH`,
          `${IGNITION} -platform file -stage fetch-offline -log-to-stdout`,
          `${IGNITION} -platform file -stage files -root ${root} -log-to-stdout`,
        ].join("\n");
        const r = runTool("unshare", ["--mount", "sh", "-c", script], { timeoutMs: 60_000 });
        expect(r.status, `Ignition failed:\n${(r.stdout + r.stderr).split("\n").filter((l) => /^(CRITICAL|ERROR)/.test(l)).join("\n")}`).to.equal(0);
        expect(existsSync(join(base, "relabel-requested")), "the files stage ran to its end (relabel)").to.equal(true);

        const written = await files(root);
        const expected = await files(join(dir, "nodes", node.hostname, "root"));
        const ours = [...written.keys()].filter((p) => !IGNITION_OWN.some((re) => re.test(p))).sort();
        expect(ours, "files Ignition wrote").to.deep.equal([...expected.keys()].sort());
        for (const [path, want] of expected) {
          const got = written.get(path)!;
          expect(got.bytes.equals(want.bytes), `${path}: the bytes Ignition wrote differ from root/${path}`).to.equal(true);
          expect(got.mode.toString(8), `${path}: mode`).to.equal(want.mode.toString(8));
        }
        // The SSH keys land where Fedora CoreOS's sshd reads them.
        const keys = await readFile(join(root, "home", "core", ".ssh", "authorized_keys.d", "ignition"), "utf8");
        for (const key of site.sshKeys) expect(keys).to.include(key);
        expect(await readFile(join(root, "etc", "systemd", "system-preset", "20-ignition.preset"), "utf8")).to.include("enable coreos-infra-firewall.service");
      });
    });
  }
}
