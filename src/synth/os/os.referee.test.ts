// Real tools judge what the host-side generators write: ignition-validate
// reads the Ignition config, Butane translates our Butane config into one that
// must hold the same content, nft checks the firewall in a network namespace of
// its own (the host's ruleset is never touched), systemd-analyze reads the unit.
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { expect } from "chai";
import type { Os } from "../../site/index.ts";
import { FIXTURE_SITES, loadFixture } from "../../testing/fixtures.ts";
import { builtTool, runTool } from "../../testing/run.ts";
import { nodeConfig } from "../index.ts";
import { butaneConfig } from "./butane.ts";
import { FIREWALL_TABLE, firewall } from "./firewall.ts";
import { ignitionConfig } from "./ignition.ts";
import { ignitionContent } from "./ignition-content.ts";
import type { NodeConfig } from "./node-config.ts";
import { TRICKY_TEXTS } from "./tricky-texts.ts";

const BUTANE = builtTool("butane");

function onPath(command: string): boolean {
  return runTool("sh", ["-c", 'command -v "$1"', "sh", command]).status === 0;
}

const missing = {
  butane: existsSync(BUTANE) ? false : `${BUTANE} is not built`,
  validate: onPath("ignition-validate") ? false : "ignition-validate is not installed",
  nft: onPath("nft") && onPath("unshare") ? false : "nft or unshare is not installed",
  analyze: onPath("systemd-analyze") ? false : "systemd-analyze is not installed",
};
// A missing referee fails the suite: a check that did not run proves nothing.
const unmet = Object.values(missing).filter(Boolean);
if (unmet.length > 0) throw new Error(`referees missing: ${unmet.join("; ")}; run \`make setup\``);

const scratch = await mkdtemp(join(tmpdir(), "coreos-infra-os-referee-"));
after(() => rm(scratch, { recursive: true, force: true }));

async function scratchFile(name: string, contents: string): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, contents);
  return path;
}

/** Butane's own translation of our Butane config. */
function butaneTranslation(config: NodeConfig, os: Os): string {
  const r = runTool(BUTANE, ["--strict"], { input: butaneConfig(config, os) });
  expect(r.status, `butane --strict failed:\n${r.stderr}`).to.equal(0);
  expect(r.stderr.trim(), "butane warnings").to.equal("");
  return r.stdout;
}

/** Ours and Butane's agree in content, and neither holds content the comparison cannot see. */
function expectSameContent(ours: string, theirs: string): void {
  const a = ignitionContent(ours);
  const b = ignitionContent(theirs);
  expect(a.unread, "our config holds content not compared").to.deep.equal([]);
  expect(b.unread, "Butane's config holds content not compared").to.deep.equal([]);
  expect(b.files.map((f) => f.path)).to.deep.equal(a.files.map((f) => f.path));
  for (const [i, f] of a.files.entries()) expect(b.files[i], f.path).to.deep.equal(f);
  expect(b).to.deep.equal(a);
}

async function expectValid(name: string, ignition: string): Promise<void> {
  const r = runTool("ignition-validate", [await scratchFile(name, ignition)]);
  expect(r.status, `ignition-validate rejected ${name}:\n${r.stdout}${r.stderr}`).to.equal(0);
}

for (const fixture of FIXTURE_SITES) {
  const site = await loadFixture(fixture);
  for (const node of site.nodes) {
    const config = nodeConfig(site, node);

    describe(`host config of ${fixture}/${node.hostname}`, () => {
      it("passes ignition-validate", async () => {
        await expectValid(`${fixture}-${node.hostname}.ign`, ignitionConfig(config, site.os));
      });

      it("equals in content what Butane makes of our Butane config", () => {
        expectSameContent(ignitionConfig(config, site.os), butaneTranslation(config, site.os));
      });

      it("has a firewall nft accepts, that loads twice into the same single table", async () => {
        const path = await scratchFile(`${fixture}-${node.hostname}.nft`, firewall(site, node).file.contents);
        const check = runTool("unshare", ["-n", "nft", "-c", "-f", path]);
        expect(check.status, `nft -c rejected the firewall:\n${check.stderr}`).to.equal(0);
        // A fresh network namespace has its own, empty ruleset: loading there is safe.
        const twice = runTool("unshare", ["-n", "sh", "-c", 'nft -f "$1" && nft -f "$1" && nft list tables', "sh", path]);
        expect(twice.status, twice.stderr).to.equal(0);
        expect(twice.stdout.trim().split("\n")).to.deep.equal([`table inet ${FIREWALL_TABLE}`]);
      });

      it("has a firewall unit systemd-analyze verifies without a warning", async () => {
        const { unit } = firewall(site, node);
        const path = await scratchFile(unit.name, unit.contents);
        const r = runTool("systemd-analyze", ["verify", path]);
        expect(r.status, r.stderr).to.equal(0);
        expect(r.stderr.trim()).to.equal("");
      });
    });
  }
}

const office = await loadFixture("small-office");
const newer: Os = { ...office.os, butaneVersion: "1.5.0", ignitionVersion: "3.4.0" };
const newerSites = await Promise.all(FIXTURE_SITES.map(async (f) => ({ fixture: f, site: await loadFixture(f) })));

describe("Butane referee, beyond the fixtures", () => {
  const config = nodeConfig(office, office.nodes[0]);

  it("agrees on file contents holding every character YAML treats specially", async () => {
    const files = TRICKY_TEXTS.map((contents, i) => ({ path: `/etc/coreos-infra/tricky/${String(i).padStart(2, "0")}`, contents, mode: 0o640 }));
    const tricky = { ...config, files };
    const ours = ignitionConfig(tricky, office.os);
    await expectValid("tricky.ign", ours);
    expectSameContent(ours, butaneTranslation(tricky, office.os));
  });

  it("translates Butane 1.5.0 to Ignition 3.4.0 with the same content", () => {
    // ignition-validate 2.14 rejects 3.4.0, so Butane is the only judge here.
    for (const { fixture, site } of newerSites) {
      for (const node of site.nodes) {
        const config = nodeConfig(site, node);
        const theirs = butaneTranslation(config, newer);
        expect(ignitionContent(theirs).version, fixture).to.equal("3.4.0");
        expectSameContent(ignitionConfig(config, newer), theirs);
      }
    }
  });

  it("nft check mode does reject a broken ruleset (the referee is awake)", async () => {
    const path = await scratchFile("broken.nft", `table inet ${FIREWALL_TABLE} {\n\tchain input {\n\t\ttcp dport 8000 ip saddr @nowhere accept\n\t}\n}\n`);
    expect(runTool("unshare", ["-n", "nft", "-c", "-f", path]).status).to.not.equal(0);
  });
});
