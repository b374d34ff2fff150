// chronyd itself reads every generated chrony.conf: `chronyd -p` parses the
// file, prints the configuration it understood and fails on any directive it
// does not accept.
import { expect } from "chai";
import { describe, it } from "node:test";
import { join } from "node:path";
import { FIXTURE_SITES, generatedFixture } from "../../testing/fixtures.ts";
import { runTool } from "../../testing/run.ts";

for (const name of FIXTURE_SITES) {
  const { site, dir } = await generatedFixture(name);
  describe(`chrony.conf of ${name}`, () => {
    for (const node of site.nodes) {
      it(`${node.hostname}: chronyd -p accepts every directive`, () => {
        const file = join(dir, "nodes", node.hostname, "root", "etc", "chrony.conf");
        const r = runTool("chronyd", ["-p", "-f", file]);
        expect(r.status, `chronyd rejected ${file}:\n${r.stderr}`).to.equal(0);
        // What chronyd understood, not just that it did not complain.
        expect(r.stdout).to.match(/^local stratum \d+ orphan/m);
        expect(r.stdout.match(/^server /gm)?.length).to.equal(site.ntp.upstreams.length + 1);
        expect(r.stdout.match(/^allow /gm)?.length).to.be.at.least(site.ntp.allow.length);
      });
    }
  });
}
