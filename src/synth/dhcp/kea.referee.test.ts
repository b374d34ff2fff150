// Kea's own config check judges every node's generated configs.
import { after, before, describe, it } from "node:test";
import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_SITES, loadFixture } from "../../testing/fixtures.ts";
import { runTool } from "../../testing/run.ts";
import { keaCtrlAgentConf } from "./kea-ctrl-agent.ts";
import { keaDhcp4Conf } from "./kea-dhcp4.ts";

describe("Kea accepts the generated configs", () => {
  let dir = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "coreos-infra-kea-"));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const name of FIXTURE_SITES) {
    it(`kea-dhcp4 -t and kea-ctrl-agent -t pass on every node of ${name}`, async () => {
      const site = await loadFixture(name);
      for (const node of site.nodes) {
        const dhcp4 = join(dir, `${name}-${node.hostname}-kea-dhcp4.conf`);
        const agent = join(dir, `${name}-${node.hostname}-kea-ctrl-agent.conf`);
        await writeFile(dhcp4, keaDhcp4Conf(site, node));
        await writeFile(agent, keaCtrlAgentConf(site, node));
        for (const [tool, file] of [["kea-dhcp4", dhcp4], ["kea-ctrl-agent", agent]] as const) {
          const r = runTool(tool, ["-t", file]);
          expect(r.status, `${tool} -t ${file} (${node.hostname} of ${name}):\n${r.stdout}${r.stderr}`).to.equal(0);
        }
      }
    });
  }
});
